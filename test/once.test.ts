import { describe, expect, it } from 'vitest';
import { once } from '../src/once.ts';

describe('once', () => {
  it('makes the promise on first call and shares it', async () => {
    let made = 0;
    const get = once(async () => ++made);
    expect(get.current).toBeUndefined();
    const [a, b] = await Promise.all([get(), get()]);
    expect([a, b, await get(), made]).toEqual([1, 1, 1, 1]);
    expect(await get.current).toBe(1);
  });

  it('forgets a failure, so the next call tries again; forget() starts over', async () => {
    let calls = 0;
    const get = once(async () => {
      calls++;
      if (calls === 1) throw new Error('store down');
      return calls;
    });
    await expect(get()).rejects.toThrow('store down');
    expect(get.current).toBeUndefined();
    expect(await get()).toBe(2);
    get.forget();
    expect(await get()).toBe(3);
  });
});
