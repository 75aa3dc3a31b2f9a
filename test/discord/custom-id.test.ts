import { describe, expect, it } from 'vitest';
import { encodeCustomId, MAX_CUSTOM_ID, parseCustomId } from '../../src/discord/custom-id.ts';

describe('custom ids: one codec for every button and form', () => {
  it('round-trips prefix, owner and arguments', () => {
    const id = encodeCustomId('kblist', '333333333333333333', 2);
    expect(id).toBe('kblist:333333333333333333:2');
    expect(parseCustomId(id)).toEqual({ prefix: 'kblist', owner: '333333333333333333', args: ['2'] });
    expect(parseCustomId(encodeCustomId('kbadd', '1'))).toEqual({ prefix: 'kbadd', owner: '1', args: [] });
  });

  it('refuses an id over Discord’s 100 characters, and a part holding the separator', () => {
    expect(encodeCustomId('p', '1', 'x'.repeat(MAX_CUSTOM_ID - 4))).toHaveLength(100);
    expect(() => encodeCustomId('p', '1', 'x'.repeat(MAX_CUSTOM_ID - 3))).toThrow(/100/);
    expect(() => encodeCustomId('p', '1', 'a:b')).toThrow(/colon/);
  });

  it('an id without an owner is no id of ours', () => {
    expect(parseCustomId('explain')).toBeUndefined();
    expect(parseCustomId('')).toBeUndefined();
  });
});
