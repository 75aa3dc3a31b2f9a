import { describe, expect, it } from 'vitest';
import { ChannelPace } from '../../src/autoanswer/channel-pace.ts';

describe('ChannelPace', () => {
  it('keeps a cooldown per channel', () => {
    let now = 1_000_000;
    const pace = new ChannelPace(() => now);
    expect(pace.wait('a', 60)).toBe(0);
    pace.answered('a', 'doc1');
    now += 59_000;
    expect(pace.wait('a', 60)).toBe(1000);
    expect(pace.wait('b', 60)).toBe(0);
    now += 1000;
    expect(pace.wait('a', 60)).toBe(0);
  });

  it('never gives the same document twice in a row within the repeat window', () => {
    let now = 0;
    const pace = new ChannelPace(() => now);
    pace.answered('a', 'doc1');
    now += 9 * 60_000;
    expect(pace.repeats('a', 'doc1', 10)).toBe(true);
    expect(pace.repeats('a', 'doc2', 10)).toBe(false);
    expect(pace.repeats('b', 'doc1', 10)).toBe(false);
    now += 60_000;
    expect(pace.repeats('a', 'doc1', 10)).toBe(false);
    pace.answered('a', 'doc2');
    expect(pace.repeats('a', 'doc1', 10)).toBe(false);
  });
});
