import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { AZURITE_KEY } from '../lib/config';
import { appRoutes, generateTokens, signIn, submitTokens } from './helpers';
import { passwordSignIn } from './instances';
import { E2E } from './ports';

test.describe.configure({ mode: 'serial' });

const adminPassword = () => process.env.E2E_ADMIN_PASSWORD!;
const attackedPassword = () => process.env.E2E_ATTACKED_PASSWORD!;

async function freshPage(browser: Browser, headers?: Record<string, string>): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, extraHTTPHeaders: headers });
  return context.newPage();
}

async function trySignIn(page: Page, username: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The id of the Generate action, taken from a real submission by the administrator. */
async function generateActionId(page: Page): Promise<string> {
  await page.goto('/blob-storage');
  const request = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']));
  await submitTokens(page, { revoke: true });
  return (await request).headers()['next-action']!;
}

const actionBody = JSON.stringify([{ initiation: '2030-01-01T00:00', expiration: '2030-01-02T00:00', timeZone: 'UTC', revoke: true }]);

test('signing in and out, with the user shown while signed in', async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto('/blob-storage');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fblob-storage$/);
  await signIn(page, E2E.admin, adminPassword());
  await expect(page.getByText(`Signed in as ${E2E.admin}`)).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByText('You are signed out.')).toBeVisible();
  await page.goto('/blob-storage');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.context().close();
});

test('a wrong password gets a message and no session', async ({ browser }) => {
  const page = await freshPage(browser, { 'X-Forwarded-For': '198.51.100.20' });
  await trySignIn(page, E2E.admin, 'not the password');
  await expect(page.getByText('The username or password is incorrect.')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.context().close();
});

test('five failures lock the address for 15 minutes; a user attacked from many addresses is only slowed, so the real one still gets in', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // The real user has signed in from their office before.
  expect(await passwordSignIn(E2E.baseURL, E2E.attacked, attackedPassword(), '198.51.100.30').then((r) => r.code)).toBeNull();
  const address = '198.51.100.7';
  const page = await freshPage(browser, { 'X-Forwarded-For': address });
  for (let i = 0; i < 4; i++) {
    await trySignIn(page, E2E.attacked, `guess ${i}`);
    await expect(page.getByText('The username or password is incorrect.')).toBeVisible();
  }
  await trySignIn(page, E2E.attacked, 'guess 5');
  await expect(page.getByText('The username or password is incorrect.')).toBeVisible();
  // The address is locked: even the right password is refused from it.
  await trySignIn(page, E2E.admin, adminPassword());
  await expect(page.getByText(/Too many failed sign-ins from this address.*try again in 15 minutes/)).toBeVisible();
  await page.context().close();

  // The user is slowed from any address (a wait in seconds), not locked. Guesses spread over addresses
  // grow the wait (1 s, 2 s, 4 s …); a script sends them quickly, until one is told to wait 8 s or more
  // (long enough that a busy machine's browser still meets it below).
  let waitSeconds = 0;
  const deadline = Date.now() + 40_000;
  for (let i = 0; Date.now() < deadline && waitSeconds < 8; i++) {
    const { code } = await passwordSignIn(E2E.baseURL, E2E.attacked, `spread guess ${i}`, `198.51.100.${20 + (i % 4)}`);
    waitSeconds = code?.startsWith('slowed-') ? Number(code.slice('slowed-'.length)) : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(waitSeconds).toBeGreaterThanOrEqual(8);
  const elsewhere = await freshPage(browser, { 'X-Forwarded-For': '198.51.100.8' });
  await trySignIn(elsewhere, E2E.attacked, attackedPassword());
  await expect(elsewhere.getByText(/Too many failed sign-ins for this user\. Wait \d+ seconds?/)).toBeVisible();
  // Meanwhile, from the office where they signed in before, the real user gets in at once: the slow-down is for elsewhere.
  expect(await passwordSignIn(E2E.baseURL, E2E.attacked, attackedPassword(), '198.51.100.30').then((r) => r.code)).toBeNull();
  // After the wait, the right password works: nobody can lock the real user out for good.
  await expect(async () => {
    await trySignIn(elsewhere, E2E.attacked, attackedPassword());
    await elsewhere.waitForURL('**/blob-storage', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(elsewhere.getByText(`Signed in as ${E2E.attacked}`)).toBeVisible();
  await elsewhere.context().close();
});

test('a viewer sees no token controls and is refused (403) when calling the action directly', async ({ browser, page }) => {
  const viewerContext = await browser.newContext({ storageState: E2E.viewerState });
  const viewer = await viewerContext.newPage();
  await viewer.goto('/blob-storage');
  await expect(viewer.getByText(`Signed in as ${E2E.viewer}`)).toBeVisible();
  await expect(viewer.getByText('Only administrators can generate or revoke tokens.')).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Generate new tokens' })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
  await expect(viewer.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  expect((await viewer.goto('/audit'))?.status()).toBe(403);
  expect((await viewer.request.get('/audit/export')).status()).toBe(403);
  // A viewer who writes the proxy's own session header, claiming admin, is still a viewer: the proxy replaces it.
  const claim = { 'x-console-session': `${Buffer.from('e2e-admin').toString('base64url')}.admin.${Date.now()}.${'A'.repeat(43)}` };
  expect((await viewer.request.get('/audit/export', { headers: claim })).status()).toBe(403);

  const actionId = await generateActionId(page);
  const headers = { 'Next-Action': actionId, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' };
  const refused = await viewer.request.post('/blob-storage', { headers, data: actionBody });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).not.toContain('sig=');

  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const unauthenticated = await anonymous.request.post('/blob-storage', { headers, data: actionBody });
  expect(unauthenticated.status()).toBe(401);
  expect(await unauthenticated.text()).not.toContain('sig=');
  await anonymous.close();
  await viewerContext.close();
});

test('every page and route of the app refuses a request without a session', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  // Public by design: the sign-in page, Auth.js's own endpoints, and the health checks (tested in e2e/health.spec.ts).
  const routes = appRoutes().filter(
    (r) => r.url !== '/sign-in' && !r.url.startsWith('/api/auth') && r.url !== '/api/health' && r.url !== '/api/ready',
  );
  expect(routes.map((r) => r.url)).toEqual(
    expect.arrayContaining(['/blob-storage', '/recordings', '/audit', '/audit/export', '/api/blobs', '/api/blobs/zip']),
  );
  for (const route of routes) {
    if (route.kind === 'page') {
      const res = await context.request.get(route.url, { maxRedirects: 0, headers: { Accept: 'text/html' } });
      expect(res.status(), route.url).toBe(307);
      expect(res.headers().location, route.url).toContain('/sign-in');
      // Without the browser's Accept header the page itself still refuses.
      const bare = await context.request.get(route.url, { maxRedirects: 0 });
      expect(bare.status(), route.url).toBe(307);
      continue;
    }
    expect(route.methods.length, route.url).toBeGreaterThan(0);
    for (const method of route.methods) {
      const res = await context.request.fetch(route.url, { method, maxRedirects: 0, data: method === 'GET' ? undefined : '{}' });
      expect(res.status(), `${method} ${route.url}`).toBe(401);
      expect(await res.text(), `${method} ${route.url}`).not.toContain('sig=');
      // Without a session the proxy drops the header through which it hands on a session (its seal is unit-tested).
      const forged = `${Buffer.from('e2e-admin').toString('base64url')}.admin.${Date.now()}.${'A'.repeat(43)}`;
      const sealed = await context.request.fetch(route.url, {
        method,
        maxRedirects: 0,
        data: method === 'GET' ? undefined : '{}',
        headers: { 'x-console-session': forged },
      });
      expect(sealed.status(), `forged session header: ${method} ${route.url}`).toBe(401);
    }
  }
  await context.close();
});

test('each audited action appears on the Audit page with its user, and no record holds a signature', async ({ page }) => {
  await page.goto('/blob-storage');
  const urls = await generateTokens(page, { revoke: true });
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Revoke all container tokens' }).click();
  await expect(page.getByRole('button', { name: 'Revoke all container tokens' })).toHaveCount(0);
  await expect(page.getByText(/^Revoked\. recordings: 1 revoked; gim-export: 1 revoked/)).toBeVisible();
  await expect(page.getByText('These container URLs have been revoked')).toBeVisible();

  await page.goto(`/audit?user=${E2E.admin}`);
  const rows = page.locator('table.audit-table tbody tr');
  await expect(rows.first()).toBeVisible();
  for (const action of ['tokens.revoke', 'tokens.generate', 'sign-in']) {
    await expect(rows.filter({ hasText: action }).first()).toContainText(E2E.admin);
  }
  const generated = rows.filter({ hasText: 'tokens.generate' }).first();
  await expect(generated).toContainText(new URL(urls.recordings).searchParams.get('si')!);
  await expect(generated).toContainText('recordings, gim-export');

  await page.goto(`/audit?action=sign-in.failed`);
  await expect(rows.filter({ hasText: E2E.attacked }).first()).toBeVisible();

  const all = await page.request.get('/audit/export');
  const csv = await all.text();
  expect(csv).not.toMatch(/sig=(?!REDACTED)/);
  expect(csv).not.toContain(urls.account.split('sig=')[1]!);
});

test('the CSV export holds exactly the filtered rows', async ({ page }) => {
  await page.goto(`/audit?action=tokens.generate&user=${E2E.admin}`);
  const shown = await page.locator('table.audit-table tbody tr').count();
  expect(shown).toBeGreaterThan(0);
  const res = await page.request.get(`/audit/export?action=tokens.generate&user=${E2E.admin}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
  const lines = (await res.text()).trim().split('\r\n');
  expect(lines[0]).toBe('at,user,role,action,outcome,ip,details');
  expect(lines).toHaveLength(shown + 1);
  for (const line of lines.slice(1)) expect(line).toMatch(new RegExp(`^[^,]+,${E2E.admin},admin,tokens\\.generate,`));
  expect((await page.request.get('/audit/export?from=2026-99-01')).status()).toBe(400);
});

test('the account key and connection string reach neither the built client files nor the served pages', async ({ page }) => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(path.join(process.cwd(), '.next', 'static'));
  expect(files.length).toBeGreaterThan(5);
  const needles = [AZURITE_KEY, 'AccountKey=', 'DefaultEndpointsProtocol'];
  for (const file of files) {
    const text = readFileSync(file, 'latin1');
    for (const needle of needles) expect(text.includes(needle), `${needle} in ${file}`).toBe(false);
  }
  for (const url of ['/blob-storage', '/audit', '/sign-in']) {
    const html = await (await page.request.get(url)).text();
    for (const needle of needles) expect(html.includes(needle), `${needle} in ${url}`).toBe(false);
  }
});
