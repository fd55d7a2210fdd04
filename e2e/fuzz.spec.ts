import { expect, test, type APIResponse } from '@playwright/test';
import { actionHeaders, appRoutes, captureActionId, formReady, submitTokens } from './helpers';

// Malformed input at every door: wrong types, missing fields, huge strings, unusual Unicode,
// impossible dates. Every answer is a 4xx with a message (or, for actions, an "invalid" result),
// never a 500 and never a stack trace.
test.describe.configure({ mode: 'serial' });

const huge = 'x'.repeat(200_000);
const nasty: unknown[] = [
  null,
  true,
  42,
  -1,
  1e308,
  '',
  ' ',
  huge,
  '0000-00-00T00:00',
  '9999-12-31T23:59',
  '\u0000',
  '\u202e\u200b\ufeff',
  '👩‍💻🏳️‍🌈',
  '../../etc/passwd',
  '%2e%2e%2f',
  'https://evil.example/',
  "' OR 1=1 --",
  [],
  {},
  { $ne: 1 },
];

async function expectRefusal(res: APIResponse, what: string) {
  const status = res.status();
  const text = await res.text();
  expect(status, `${what}: ${text.slice(0, 200)}`).toBeLessThan(500);
  expect(text, what).not.toMatch(/at .*\.(js|ts):\d+/);
  if (status >= 400) expect(text.length, `${what} says why`).toBeGreaterThan(10);
}

test('every route handler answers malformed queries and bodies with a 4xx and a message', async ({ page }) => {
  const routes = appRoutes().filter((r) => r.kind === 'route' && !r.url.startsWith('/api/auth'));
  expect(routes.length).toBeGreaterThanOrEqual(7);
  const params = ['container', 'name', 'prefix', 'marker', 'pageSize', 'user', 'action', 'from', 'to'];
  for (const route of routes) {
    for (const method of route.methods) {
      for (const value of nasty) {
        // Long enough to exceed every field limit, short enough for Node's 16 KB request-header cap.
        const text = typeof value === 'string' ? value.slice(0, 1500) : JSON.stringify(value);
        if (method === 'GET') {
          const query = new URLSearchParams(params.map((p) => [p, text]));
          const res = await page.request.get(`${route.url}?${query}`, { maxRedirects: 0 });
          await expectRefusal(res, `GET ${route.url} ${text.slice(0, 40)}`);
          // An empty filter is a valid audit export, and the health checks take no query; every blob route needs a real container.
          if (route.url.startsWith('/api/') && !['/api/health', '/api/ready'].includes(route.url))
            expect(res.status(), `GET ${route.url} ${text.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
        } else {
          for (const body of [
            value,
            { container: value, names: value, query: value },
            { container: 'recordings', query: { container: 'recordings', recordingType: value, tags: value } },
          ]) {
            const res = await page.request.fetch(route.url, {
              method,
              data: JSON.stringify(body),
              headers: { 'Content-Type': 'application/json' },
            });
            await expectRefusal(res, `${method} ${route.url} ${JSON.stringify(body).slice(0, 60)}`);
            expect(res.status()).toBeGreaterThanOrEqual(400);
          }
        }
      }
      if (method !== 'GET') {
        for (const raw of ['not json', '{"unterminated": ', huge]) {
          const res = await page.request.fetch(route.url, { method, data: raw, headers: { 'Content-Type': 'application/json' } });
          await expectRefusal(res, `${method} ${route.url} raw`);
          // A body larger than the route reads (64 KB for most, 1 MB for a zip) is refused as such before it is parsed.
          expect(raw === huge ? [400, 413] : [400]).toContain(res.status());
        }
      }
    }
  }
});

test('the token actions answer malformed payloads with an invalid result, never a 500', async ({ page }) => {
  await page.goto('/blob-storage');
  await formReady(page);
  const generate = await captureActionId(page, () => submitTokens(page, { revoke: true }));
  await expect(page.getByLabel('RECORDINGS CONTAINER URL')).toHaveValue(/sig=/);
  page.once('dialog', (d) => d.dismiss());
  const payloads: unknown[] = [
    [],
    [null],
    ['string'],
    [42],
    [{}],
    [{ initiation: 42, expiration: [], timeZone: {}, revoke: 'yes' }],
    [{ initiation: '0000-00-00T00:00', expiration: '9999-12-31T23:59', timeZone: 'UTC', revoke: false }],
    [{ initiation: '2030-01-01T00:00', expiration: '9999-12-31T23:59', timeZone: 'UTC', revoke: false }],
    [{ initiation: huge, expiration: huge, timeZone: huge, revoke: false }],
    [{ initiation: '2030-01-01T00:00', expiration: '2030-01-02T00:00', timeZone: '\u202eUTC', revoke: false }],
    [{ initiation: '2030-01-01T00:00', expiration: '2030-01-02T00:00', timeZone: '../../etc/localtime', revoke: false }],
  ];
  for (const payload of payloads) {
    const res = await page.request.post('/blob-storage', { headers: actionHeaders(generate), data: JSON.stringify(payload) });
    const text = await res.text();
    expect(res.status(), JSON.stringify(payload).slice(0, 80)).toBeLessThan(500);
    expect(text, JSON.stringify(payload).slice(0, 80)).toContain('"invalid"');
    expect(text).not.toContain('sig=');
  }
});
