import { expect, test } from '@playwright/test';
import { startAzurite, type TestAzurite } from '../lib/testing/azurite';
import { startSecondInstance, type Instance } from './instances';
import { E2E } from './ports';

test('liveness is public and says nothing beyond the version', async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });
  const health = await anonymous.get('/api/health');
  expect(health.status()).toBe(200);
  expect(Object.keys(await health.json()).sort()).toEqual(['status', 'version']);
  const ready = await anonymous.get('/api/ready');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready' });
  await anonymous.dispose();
});

test('readiness answers 503 within 2 s while storage is frozen, naming only the part, and 200 once it thaws', async () => {
  test.setTimeout(120_000);
  let azurite: TestAzurite | undefined;
  let instance: Instance | undefined;
  try {
    // A console of its own on an Azurite of its own, so freezing it stops no other test.
    azurite = await startAzurite(['blob', 'table']);
    instance = await startSecondInstance(E2E.port + 9, { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
    expect((await fetch(`${instance.baseURL}/api/ready`)).status).toBe(200);

    azurite.signal('SIGSTOP');
    // One check answers every probe for a second (anonymous probes cannot multiply storage calls).
    await new Promise((r) => setTimeout(r, 1_100));
    const started = Date.now();
    const frozen = await fetch(`${instance.baseURL}/api/ready`);
    const took = Date.now() - started;
    const body = await frozen.text();
    console.log(`/api/ready with storage frozen: ${frozen.status} in ${took} ms: ${body}`);
    expect(frozen.status).toBe(503);
    expect(took).toBeLessThan(2_000);
    expect(JSON.parse(body)).toEqual({ status: 'not ready', failing: ['storage', 'tables'] });
    expect(body).not.toContain('devstoreaccount1');

    azurite.signal('SIGCONT');
    await expect.poll(async () => (await fetch(`${instance!.baseURL}/api/ready`)).status, { timeout: 10_000 }).toBe(200);
  } finally {
    azurite?.signal('SIGCONT');
    await instance?.stop();
    await azurite?.stop();
  }
});

test("every answer carries a request id, a trusted proxy's is kept, and a storage failure quotes it", async ({ request }) => {
  const made = await request.get('/api/health');
  expect(made.headers()['x-request-id']).toMatch(/^[0-9a-f]{16}$/);
  // The tests play the one trusted proxy (TRUSTED_PROXIES=1): its id is taken; a malformed one is not.
  expect((await request.get('/api/health', { headers: { 'X-Request-Id': 'lb-7f3a.42' } })).headers()['x-request-id']).toBe('lb-7f3a.42');
  expect((await request.get('/api/health', { headers: { 'X-Request-Id': 'not an id; has spaces' } })).headers()['x-request-id']).toMatch(
    /^[0-9a-f]{16}$/,
  );
  // A 4xx names its request too, so a user can quote it.
  const refused = await request.get('/api/blobs/details?container=recordings&name=no/such/blob.bin', {
    headers: { 'X-Request-Id': 'quote-me-1' },
  });
  expect(refused.status()).toBe(404);
  const body = (await refused.json()) as { error: string; requestId?: string };
  expect(body.requestId).toBe('quote-me-1');
  expect(body.error).toContain('(Reference: quote-me-1.)');
});
