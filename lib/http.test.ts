import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
vi.mock('./auth/guard', () => ({ routeUser: async () => ({ name: 'ana', role: 'viewer' }) }));

describe("route()'s JSON answers", () => {
  it('are what Response.json makes, and another copy of the module (the direct lane) takes their text unread', async () => {
    const a = await import('./http');
    vi.resetModules();
    const b = await import('./http');
    expect(a).not.toBe(b);
    const value = { blobs: [{ name: 'mytenant/a "b" é.mp3', size: 1 }], nextMarker: undefined };
    const handler = a.route({ role: 'viewer' }, async () => value);
    const response = await handler(new Request('http://console.internal/api/x', { headers: { 'sec-fetch-site': 'same-origin' } }));
    expect(b.jsonTextOf(response)).toBe(JSON.stringify(value));
    const reference = Response.json(value);
    expect(response.headers.get('content-type')).toBe(reference.headers.get('content-type'));
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe(await reference.text());
    // Any other answer is read as a stream.
    expect(b.jsonTextOf(Response.json(value))).toBeUndefined();
  });
});
