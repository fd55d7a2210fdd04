import { readFileSync } from 'node:fs';
import { AzureNamedKeyCredential, TableClient } from '@azure/data-tables';
import { expect, test } from '@playwright/test';
import { AZURITE_ACCOUNT, AZURITE_KEY } from '../lib/config';
import { requestFrom, signInFrom, startBalancer, type Balancer } from './balancer';
import { actionHeaders, captureActionId, listStatus, signIn, storage, submitTokens } from './helpers';
import { startSecondInstance, type Instance } from './instances';
import { E2E } from './ports';

// Two console processes (same AUTH_SECRET, one Azurite) behind a round-robin balancer, with
// TRUSTED_PROXIES=1: the web tier keeps no state of its own.
test.describe.configure({ mode: 'serial' });

let second: Instance;
let balancer: Balancer;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  second = await startSecondInstance(E2E.port + 10);
  balancer = await startBalancer([E2E.baseURL, second.baseURL]);
});

test.afterAll(async () => {
  await balancer?.close();
  await second?.stop();
});

const adminCookie = () =>
  (JSON.parse(readFileSync(E2E.adminState, 'utf8')) as { cookies: { name: string; value: string }[] }).cookies
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');

test('signed in through one console, a user acts through the other', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, E2E.target, process.env.E2E_TARGET_PASSWORD!);
  const other = await context.request.get(`${second.baseURL}/api/blobs?container=recordings&prefix=mytenant/`);
  expect(other.status()).toBe(200);
  await page.goto(`${second.baseURL}/recordings`);
  await expect(page.getByText(`Signed in as ${E2E.target}`)).toBeVisible();
  await context.close();
});

test("both consoles write to one audit trail, under the client's address from X-Forwarded-For", async () => {
  let name = '';
  for await (const blob of storage().getContainerClient('recordings').listBlobsFlat()) {
    name = blob.name;
    break;
  }
  const before = balancer.served.length;
  for (let i = 0; i < 2; i++) {
    const res = await requestFrom('127.0.0.7', `${balancer.url}/api/blobs/download?container=recordings&name=${encodeURIComponent(name)}`, {
      headers: { Cookie: adminCookie() },
    });
    expect(res.status).toBe(303);
  }
  expect(new Set(balancer.served.slice(before))).toEqual(new Set([E2E.baseURL, second.baseURL]));
  const audit = new TableClient(
    `http://127.0.0.1:${E2E.tablePort}/${AZURITE_ACCOUNT}`,
    'consoleaudit',
    new AzureNamedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY),
    { allowInsecureConnection: true },
  );
  const rows: { ip?: string }[] = [];
  await expect(async () => {
    rows.length = 0;
    for await (const e of audit.listEntities<{ ip?: string }>({
      queryOptions: { filter: "action eq 'blob.download' and ip eq '127.0.0.7'" },
    }))
      rows.push(e);
    expect(rows.length).toBeGreaterThanOrEqual(2);
  }).toPass({ timeout: 10_000 });
});

test('the sign-in limit counts across both consoles behind the balancer', async () => {
  const answers: (string | null)[] = [];
  for (let i = 0; i < 6; i++) answers.push(await signInFrom('127.0.0.8', balancer.url, `e2e-balanced-${i}`, 'wrong password'));
  // Five attempts from one address, whichever console each reached; the sixth is refused.
  expect(answers.slice(0, 5)).toEqual(['credentials', 'credentials', 'credentials', 'credentials', 'credentials']);
  expect(answers[5]).toMatch(/^locked-/);
});

test('10 generations split across both consoles leave at most 5 policies, and every URL they issued works', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/blob-storage');
  const actionId = await captureActionId(page, () => submitTokens(page, { revoke: true }));
  await expect(page.getByLabel('RECORDINGS CONTAINER URL')).toHaveValue(/sig=/);
  for (const c of ['recordings', 'gim-export']) await storage().getContainerClient(c).setAccessPolicy(undefined, []);
  const start = new Date().toISOString().slice(0, 16);
  const end = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16);
  const body = JSON.stringify([{ initiation: start, expiration: end, timeZone: 'UTC', revoke: false }]);
  const answers = await Promise.all(
    Array.from({ length: 10 }, () =>
      requestFrom('127.0.0.9', `${balancer.url}/blob-storage`, {
        method: 'POST',
        headers: { ...actionHeaders(actionId), Cookie: adminCookie() },
        body,
      }),
    ),
  );
  const issued = answers
    .map((a) => a.body.match(/http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/recordings\?[^"\\]+/)?.[0])
    .filter((u): u is string => Boolean(u));
  console.log(`10 generations through the balancer: ${issued.length} issued, ${10 - issued.length} refused`);
  expect(issued.length).toBeGreaterThan(0);
  expect(issued.length).toBeLessThanOrEqual(5);
  for (const a of answers) expect(a.status).toBe(200);
  for (const c of ['recordings', 'gim-export'])
    expect((await storage().getContainerClient(c).getAccessPolicy()).signedIdentifiers.length).toBeLessThanOrEqual(5);
  for (const url of issued) expect(await listStatus(url), url).toBe(200);
});
