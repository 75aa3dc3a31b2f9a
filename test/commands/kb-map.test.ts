import { afterAll, expect, it } from 'vitest';
import { kb } from '../../commands/kb.ts';
import { search } from '../../commands/search.ts';
import { KB_MAP_EMPTY } from '../../src/pictures/index.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices } from '../helpers/services.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describeWithModel('/kb map and /search map:true', () => {
  const services = realServices();
  const here = { userId: '100000000000000001', guildId: '424242' };
  afterAll(() => services.embedder.close());

  it('an empty knowledge base gets a clear message instead of a picture', async () => {
    await expect(kb.run({ subcommand: 'map' }, services, here)).rejects.toThrow(KB_MAP_EMPTY);
  });

  it('draws the documents, and the query when searching with map', async () => {
    await kb.run({ subcommand: 'demo' }, services, here);
    const map = await kb.run({ subcommand: 'map' }, services, here);
    if (map.kind !== 'map') throw new Error(`expected a map, got ${map.kind}`);
    expect(map.documents).toBe(8);
    expect(map.shown).toBe(8);
    expect(map.picture.png.subarray(0, 8)).toEqual(PNG);
    expect(map.picture.png.readUInt32BE(16)).toBe(map.picture.width);

    const plain = await search.run({ query: 'teaching machines to see pictures' }, services, here);
    expect(plain.picture).toBeUndefined();
    const withMap = await search.run(
      { query: 'teaching machines to see pictures', map: true },
      services,
      here,
    );
    expect(withMap.results[0]!.title).toBe('Computer vision');
    expect(withMap.picture?.png.subarray(0, 8)).toEqual(PNG);
    expect(withMap.picture?.alt).toContain('teaching machines to see pictures');
  });
});
