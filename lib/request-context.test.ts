import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

describe('request context', () => {
  it('is one store however many copies of the module are loaded (Next.js route bundles and the direct lane each have one)', async () => {
    const a = await import('./request-context');
    vi.resetModules();
    const b = await import('./request-context');
    expect(a).not.toBe(b);
    const signal = new AbortController().signal;
    // The storage client's queue, built by one copy, reads the lane and signal another copy set.
    const seen = a.withRequestContext({ lane: 'ana', priority: true, signal }, () => b.requestContext());
    expect(seen).toEqual({ lane: 'ana', priority: true, signal });
    expect(b.withRequestContext({ lane: 'bo' }, () => a.requestContext().lane)).toBe('bo');
  });
});
