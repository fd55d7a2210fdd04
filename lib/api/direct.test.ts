import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
// The session read is Auth.js's business (session-cookie.test.ts); here it is only slow when asked.
const session = vi.hoisted(() => ({ delayMs: 0, reads: 0 }));
vi.mock('../auth', () => ({
  readRequestSession: async () => {
    session.reads++;
    await new Promise((resolve) => setTimeout(resolve, session.delayMs));
    return {
      session: { user: { name: 'ana', role: 'viewer' } },
      setCookies: ['authjs.session-token=fresh; Path=/; HttpOnly; SameSite=Lax'],
    };
  },
}));

const { directApi } = await import('./direct');
const { afterAnswer } = await import('../after-answer');
const { SEALED_SESSION_HEADER } = await import('../auth/proxy-seal');
const { inDirectLane } = await import('./direct-context');

const seen = { aborted: [] as boolean[], after: [] as string[], users: [] as (string | undefined)[], seals: [] as (string | null)[] };
const lane = directApi({
  'GET /api/slow': {
    session: true,
    handler: async (request) => {
      seen.aborted.push(request.signal.aborted);
      seen.users.push(inDirectLane()?.user?.name);
      seen.seals.push(request.headers.get(SEALED_SESSION_HEADER));
      await new Promise((resolve) => setTimeout(resolve, 100));
      afterAnswer(() => seen.after.push('late'));
      return Response.json({ ok: true });
    },
  },
  'POST /api/small': { session: false, handler: async () => Response.json({ error: 'Too large.' }, { status: 413 }) },
});
const server = http.createServer((req, res) => void (lane.handles(req) ? lane.serve(req, res) : res.writeHead(404).end()));
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('the direct lane', () => {
  it('answers with the session it read, the proxy headers and the re-issued cookie; a client seal is dropped', async () => {
    session.delayMs = 0;
    const res = await fetch(`${base}/api/slow`, { headers: { [SEALED_SESSION_HEADER]: 'forged', Accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(seen.users.at(-1)).toBe('ana');
    expect(seen.seals.at(-1)).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.getSetCookie()).toEqual(['authjs.session-token=fresh; Path=/; HttpOnly; SameSite=Lax']);
  });

  it('leaves pages to Next.js: a navigation and an unknown path are not its own', () => {
    const req = (method: string, url: string, accept = 'application/json') =>
      ({ method, url, headers: { accept } }) as http.IncomingMessage;
    expect(lane.handles(req('GET', '/api/slow?x=1'))).toBe(true);
    expect(lane.handles(req('GET', '/api/slow', 'text/html,*/*'))).toBe(false);
    for (const url of ['/api/slow/', '/api//slow', '/api/%73low', '/API/slow']) expect(lane.handles(req('GET', url)), url).toBe(false);
    expect(lane.handles(req('HEAD', '/api/slow'))).toBe(false);
  });

  it('gives a handler the abort of a client that left while its session was read, and still runs the work it hands over after', async () => {
    session.delayMs = 300;
    seen.after.length = 0;
    const before = seen.aborted.length;
    const gone = new AbortController();
    const asked = fetch(`${base}/api/slow`, { signal: gone.signal, headers: { Accept: 'application/json' } }).catch(() => undefined);
    await until(() => session.reads > 1);
    gone.abort();
    await asked;
    await until(() => seen.after.length > 0);
    expect(seen.aborted.slice(before)).toEqual([true]);
    expect(seen.after).toEqual(['late']);
  });

  it('answers a body it will not read without cutting the connection', async () => {
    const res = await fetch(`${base}/api/small`, {
      method: 'POST',
      body: 'x'.repeat(600_000),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'Too large.' });
  });
});
