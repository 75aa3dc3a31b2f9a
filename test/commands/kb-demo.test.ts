import { afterAll, expect, it } from 'vitest';
import { kb } from '../../commands/kb.ts';
import { DEMO_DOCUMENTS } from '../../src/kb/demo.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices } from '../helpers/services.ts';

describeWithModel('/kb demo', () => {
  const QUOTA = 3;
  const services = realServices(QUOTA);
  const here = { userId: '100000000000000001', guildId: '515151' };
  afterAll(() => services.embedder.close());

  it('tells a full quota apart from documents that were already there', async () => {
    const first = await kb.run({ subcommand: 'demo' }, services, here);
    expect(first).toMatchObject({
      kind: 'demo',
      added: QUOTA,
      already: 0,
      failed: DEMO_DOCUMENTS.length - QUOTA,
      reason: expect.stringContaining('full'),
    });
    // Now every demo document is either stored or refused by the quota, and the answer says which.
    expect(await kb.run({ subcommand: 'demo' }, services, here)).toMatchObject({
      added: 0,
      already: QUOTA,
      failed: DEMO_DOCUMENTS.length - QUOTA,
      reason: expect.stringContaining('full'),
    });
  });

  it('is an error when nothing could be added at all', async () => {
    const full = { ...here, guildId: '535353' };
    for (const text of ['First note.', 'Second note.', 'Third note.'])
      await services.kb.add(full.guildId, { text, addedBy: here.userId });
    await expect(kb.run({ subcommand: 'demo' }, services, full)).rejects.toThrow(
      /^No demo documents were added: .*full/,
    );
  });

  it('counts documents already there as such', async () => {
    const other = { ...here, guildId: '525252' };
    const roomy = realServices();
    try {
      await kb.run({ subcommand: 'demo' }, roomy, other);
      expect(await kb.run({ subcommand: 'demo' }, roomy, other)).toEqual({
        kind: 'demo',
        added: 0,
        already: DEMO_DOCUMENTS.length,
        failed: 0,
        reason: null,
      });
    } finally {
      await roomy.embedder.close();
    }
  });
});
