import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { startSecondInstance } from './instances';
import { E2E } from './ports';

// The JSON routes scripts/serve.mjs serves past Next.js and the proxy (lib/api/direct.ts), read from
// their table: each must answer as it would through the proxy.
const laneRoutes = [...readFileSync('app/api/direct-routes.ts', 'utf8').matchAll(/'(GET|POST) (\/api\/[^']+)'/g)].map((m) => ({
  method: m[1]!,
  path: m[2]!,
}));
const PUBLIC = ['/api/health', '/api/ready'];

test("the API's direct routes carry the proxy's headers and send a signed-out navigation to sign-in", async ({ browser }) => {
  expect(laneRoutes.length).toBeGreaterThanOrEqual(10);
  const viewer = await browser.newContext({ storageState: E2E.viewerState });
  for (const { method, path } of laneRoutes) {
    // Empty input: a 400 naming what is missing, or the answer itself; either way the same headers.
    const res = await viewer.request.fetch(path, { method, data: method === 'GET' ? undefined : {}, maxRedirects: 0 });
    const h = res.headers();
    expect(res.status(), `${method} ${path}`).toBeLessThan(500);
    expect(res.status(), `${method} ${path}`).not.toBe(401);
    expect(h['cache-control'], path).toBe('no-store');
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['x-frame-options'], path).toBe('DENY');
    expect(h['referrer-policy'], path).toBe('same-origin');
    expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(h['x-request-id'], path).toMatch(/^[A-Za-z0-9._-]+$/);
  }
  await viewer.close();

  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  for (const { method, path } of laneRoutes.filter((r) => r.method === 'GET' && !PUBLIC.includes(r.path))) {
    const page = await anonymous.request.fetch(path, { method, maxRedirects: 0, headers: { Accept: 'text/html' } });
    expect(page.status(), path).toBe(307);
    expect(page.headers().location, path).toContain('/sign-in');
  }
  await anonymous.close();
});

test('a call to a direct route slides the idle limit: the session cookie comes back with a later expiry', async ({ browser }) => {
  // A one-minute idle limit: an unchanged session keeps its cookie for a tenth of that (lib/auth/session-token.ts).
  const instance = await startSecondInstance(E2E.port + 12, { SESSION_IDLE_MINUTES: '1' });
  try {
    const context = await browser.newContext({
      baseURL: instance.baseURL,
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { 'X-Forwarded-For': '192.0.2.31' },
    });
    const page = await context.newPage();
    await signIn(page, E2E.viewer, process.env.E2E_VIEWER_PASSWORD!);
    await page.close();
    const expiry = async () => (await context.cookies()).find((c) => c.name.endsWith('session-token'))!.expires;
    const before = await expiry();
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    const res = await context.request.get('/api/blobs?container=recordings', { headers: { Accept: 'application/json' } });
    expect(res.status()).toBe(200);
    expect(res.headers()['set-cookie'] ?? '').toMatch(/session-token=/);
    expect(await expiry()).toBeGreaterThanOrEqual(before + 6);
    await context.close();
  } finally {
    await instance.stop();
  }
});
