import { describe, expect, it } from 'vitest';
import { Cooldown } from '../../src/discord/cooldown.ts';

/** A cooldown on a clock the test moves by hand. */
function clocked(uses: number, seconds: number) {
  const clock = { now: 1_000_000 };
  const cooldown = new Cooldown(uses, seconds, () => clock.now);
  return { cooldown, clock, at: (ms: number) => (clock.now = 1_000_000 + ms) };
}

describe('Cooldown', () => {
  it('allows `uses` commands, then tells the user how long to wait', () => {
    const { cooldown, at } = clocked(2, 10);
    at(0);
    expect(cooldown.take('u')).toBe(0);
    expect(cooldown.take('u')).toBe(0);
    expect(cooldown.take('u')).toBe(10); // the first use leaves the window at 10 000 ms
    at(1000);
    expect(cooldown.take('u')).toBe(9);
    at(3500);
    expect(cooldown.take('u')).toBe(7); // 6.5 s left, rounded up
    at(9001);
    expect(cooldown.take('u')).toBe(1); // 0.999 s left: never "0 s"
  });

  it('slides: a use leaves the window exactly `seconds` after it was made', () => {
    const { cooldown, at } = clocked(2, 10);
    at(0);
    cooldown.take('u');
    at(4000);
    cooldown.take('u');
    at(9999);
    expect(cooldown.take('u')).toBe(1);
    at(10_000);
    expect(cooldown.take('u')).toBe(0); // the t=0 use has left; the t=4000 one has not
    at(10_001);
    expect(cooldown.take('u')).toBe(4); // now 4000 and 10 000 are in: 3.999 s until 4000 leaves
    at(14_000);
    expect(cooldown.take('u')).toBe(0);
  });

  it('refusals are not counted: asking again while limited does not push the wait back', () => {
    const { cooldown, at } = clocked(1, 5);
    at(0);
    expect(cooldown.take('u')).toBe(0);
    for (let t = 100; t < 5000; t += 700) {
      at(t);
      expect(cooldown.take('u')).toBe(Math.ceil((5000 - t) / 1000));
    }
    at(5000);
    expect(cooldown.take('u')).toBe(0);
  });

  it('keeps users apart', () => {
    const { cooldown, at } = clocked(1, 60);
    at(0);
    expect(cooldown.take('a')).toBe(0);
    expect(cooldown.take('a')).toBe(60);
    expect(cooldown.take('b')).toBe(0);
    expect(cooldown.take('b')).toBe(60);
    at(30_000);
    expect(cooldown.take('a')).toBe(30);
    expect(cooldown.take('c')).toBe(0);
  });

  it('still limits correctly once it starts forgetting idle users (10 000 and more)', () => {
    const { cooldown, at } = clocked(1, 10);
    at(0);
    for (let i = 0; i < 10_000; i++) cooldown.take(`idle-${i}`);
    expect(cooldown.take('idle-0')).toBe(10);
    at(5000);
    expect(cooldown.take('busy')).toBe(0);
    at(20_000);
    // A take here sweeps the idle users; they and "busy" are free again, and limits still apply.
    expect(cooldown.take('fresh')).toBe(0);
    expect(cooldown.take('fresh')).toBe(10);
    expect(cooldown.take('idle-1')).toBe(0);
    expect(cooldown.take('idle-1')).toBe(10);
    expect(cooldown.take('busy')).toBe(0);
    const size = (cooldown as unknown as { recent: Map<string, number[]> }).recent.size;
    expect(size).toBeLessThan(100);
  });
});
