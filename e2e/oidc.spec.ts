import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E } from './ports';

// Single sign-on end to end: the console against a real OpenID Connect issuer (e2e/oidc-issuer.mjs),
// code flow with PKCE, state and nonce, roles mapped from the issuer's claims.

/** A browser with no session, at the address single sign-on runs at. */
async function signedOut(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: E2E.ssoBaseURL, storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

/** From the console's sign-in page through the issuer's login and consent, as a person does. */
async function signInWithSso(page: Page, login: string) {
  await page.getByRole('button', { name: `Sign in with ${E2E.oidcName}` }).click();
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${E2E.oidcPort}/interaction/`));
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('an administrator signs in with single sign-on by subject id, lands where they were going, and signs out', async ({ browser }) => {
  const page = await signedOut(browser);
  await page.goto('/recordings');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Frecordings$/);
  await signInWithSso(page, 'sso-admin');
  await expect(page).toHaveURL(`${E2E.ssoBaseURL}/recordings`);
  await expect(page.getByText('Signed in as sso-admin')).toBeVisible();
  await page.getByRole('link', { name: 'Blob Storage', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Generate new tokens' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Audit' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByText('You are signed out.')).toBeVisible();
  await page.goto('/blob-storage');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.context().close();
});

test('single sign-on maps a verified email to viewer and a group to admin', async ({ browser }) => {
  const viewer = await signedOut(browser);
  await viewer.goto('/sign-in');
  await signInWithSso(viewer, 'sso-viewer');
  await expect(viewer).toHaveURL(`${E2E.ssoBaseURL}/blob-storage`);
  await expect(viewer.getByText('Signed in as sso-viewer')).toBeVisible();
  await expect(viewer.getByText('Only administrators can generate or revoke tokens.')).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Generate new tokens' })).toHaveCount(0);
  expect((await viewer.request.get('/audit/export')).status()).toBe(403);
  // A viewer browses: the recordings list answers.
  expect((await viewer.request.get('/api/blobs?container=recordings')).status()).toBe(200);
  await viewer.context().close();

  const groupAdmin = await signedOut(browser);
  await groupAdmin.goto('/sign-in');
  await signInWithSso(groupAdmin, 'sso-group-admin');
  await expect(groupAdmin.getByText('Signed in as sso-group-admin')).toBeVisible();
  await expect(groupAdmin.getByRole('button', { name: 'Generate new tokens' })).toBeVisible();
  await groupAdmin.context().close();
});

test('single sign-on refuses people with no role, and an email the issuer has not verified', async ({ browser, page }) => {
  for (const login of ['sso-stranger', 'sso-unverified']) {
    const stranger = await signedOut(browser);
    await stranger.goto('/sign-in');
    await signInWithSso(stranger, login);
    await expect(
      stranger.getByText('Your account is not allowed to use this console. Ask an administrator to give you a role.'),
    ).toBeVisible();
    await stranger.goto('/blob-storage');
    await expect(stranger).toHaveURL(/\/sign-in/);
    await stranger.context().close();
  }

  // Both outcomes are on the audit trail (the administrator's own session, at the usual address).
  // Without a verified email, the trail names the issuer's subject id.
  await page.goto('/audit?user=oidc:sso-stranger');
  const rows = page.locator('table.audit-table tbody tr');
  await expect(rows.filter({ hasText: 'sign-in.failed' }).first()).toContainText('no role mapped');
  await page.goto('/audit?user=oidc:sso-admin&action=sign-in');
  await expect(rows.first()).toContainText('oidc');
});

test('reached at a loopback address, the sign-in page sends single sign-on to localhost', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/sign-in?callbackUrl=%2Frecordings');
  const link = page.getByRole('link', { name: `Sign in with ${E2E.oidcName}` });
  await expect(link).toHaveAttribute('href', `${E2E.ssoBaseURL}/sign-in?callbackUrl=%2Frecordings`);
  await expect(page.getByText(`Single sign-on runs at localhost:${E2E.port}`)).toBeVisible();
  await link.click();
  await signInWithSso(page, 'sso-admin');
  await expect(page).toHaveURL(`${E2E.ssoBaseURL}/recordings`);
  await context.close();
});

test('single sign-on works when the button is pressed before the page’s script has run', async ({ browser }) => {
  // Without script the form posts natively. That post used to carry Origin: null (Referrer-Policy:
  // no-referrer), which Next.js refused as a forged server action, and its redirect to the issuer was
  // outside the CSP's form-action. A quick click on a slow machine met both.
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`${E2E.ssoBaseURL}/sign-in?callbackUrl=%2Frecordings`);
  await page.getByRole('button', { name: `Sign in with ${E2E.oidcName}` }).click();
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${E2E.oidcPort}/interaction/`));
  await context.close();
});

test('a single sign-on user taken out of their group is signed out at the next role check', async ({ browser }) => {
  const page = await signedOut(browser);
  await page.goto('/sign-in');
  await signInWithSso(page, 'sso-removable');
  await expect(page.getByText('Signed in as sso-removable')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Generate new tokens' })).toBeVisible();
  // Still in the group: the check after 5 s keeps the session.
  await page.waitForTimeout(6_000);
  await page.reload();
  await expect(page.getByText('Signed in as sso-removable')).toBeVisible();

  const removed = await fetch(`http://127.0.0.1:${E2E.oidcPort}/test/people/sso-removable`, {
    method: 'POST',
    body: JSON.stringify({ groups: [] }),
  });
  expect(removed.status).toBe(204);
  await page.waitForTimeout(6_000);
  await page.reload();
  await expect(page).toHaveURL(/\/sign-in/);
  // And the old cookie cannot come back: the session ended on the server.
  expect((await page.request.get('/api/blobs?container=recordings')).status()).toBe(401);
  await page.context().close();
});

test('single sign-on users are on the audit trail under what the issuer vouches for', async ({ browser, page }) => {
  const viewer = await signedOut(browser);
  await viewer.goto('/sign-in');
  await signInWithSso(viewer, 'sso-viewer');
  await expect(viewer.getByText('Signed in as sso-viewer')).toBeVisible();
  await viewer.context().close();
  // The verified email, not the display name the user could choose.
  await page.goto(`/audit?action=sign-in&user=${encodeURIComponent('sso-viewer@contoso.example')}`);
  await expect(page.locator('table.audit-table tbody tr').first()).toContainText('sso-viewer@contoso.example');
  await page.goto('/audit?action=sign-in&user=sso-viewer');
  await expect(page.locator('table.audit-table tbody tr')).toHaveCount(0);
});
