import { describe, expect, it } from 'vitest';
import { lazyPart } from './lazy-part';

describe('lazyPart', () => {
  it('loads once for every caller and then answers at once', async () => {
    let loads = 0;
    const part = lazyPart(async () => ({ n: ++loads }));
    expect(part.now()).toBeUndefined();
    const [a, b] = await Promise.all([part.load(), part.load()]);
    expect(a).toBe(b);
    expect(part.now()).toEqual({ n: 1 });
    expect(loads).toBe(1);
  });

  it('tries again after a failed load instead of keeping the failure', async () => {
    let attempt = 0;
    const part = lazyPart(async () => {
      if (++attempt === 1) throw new Error('offline');
      return 'loaded';
    });
    await expect(part.load()).rejects.toThrow('offline');
    expect(part.now()).toBeUndefined();
    await expect(part.load()).resolves.toBe('loaded');
    expect(attempt).toBe(2);
  });
});
