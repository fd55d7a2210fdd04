import { expect, test, type Browser } from '@playwright/test';
import { signIn } from './helpers';
import { passwordSignIn, startSecondInstance, type Instance } from './instances';
import { E2E } from './ports';

// Sessions end on the server, and the sign-in limits hold across console processes sharing one
// storage account. These tests sign in and out as E2E.target only, so the other tests' sessions live on.
test.describe.configure({ mode: 'serial' });

const targetPassword = () => process.env.E2E_TARGET_PASSWORD!;
let second: Instance | undefined;

test.afterAll(async () => {
  await second?.stop();
});

async function signedInContext(browser: Browser, address: string) {
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { 'X-Forwarded-For': address },
  });
  const page = await context.newPage();
  await signIn(page, E2E.target, targetPassword());
  return { context, page };
}

test('a session cookie copied before sign-out is refused after it', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, '192.0.2.21');
  const copied = await context.cookies();
  expect((await page.request.get('/api/blobs?container=recordings')).status()).toBe(200);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByText('You are signed out.')).toBeVisible();
  await context.close();

  const thief = await browser.newContext({ storageState: { cookies: copied, origins: [] } });
  expect((await thief.request.get('/api/blobs?container=recordings')).status()).toBe(401);
  const stolen = await thief.newPage();
  await stolen.goto('/blob-storage');
  await expect(stolen).toHaveURL(/\/sign-in/);
  await thief.close();
});

test('"Sign out everywhere" ends the user\'s sessions in every browser', async ({ browser }) => {
  const first = await signedInContext(browser, '192.0.2.22');
  const other = await signedInContext(browser, '192.0.2.23');
  await first.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(first.page.getByText('You are signed out everywhere')).toBeVisible();
  expect((await other.page.request.get('/api/blobs?container=recordings')).status()).toBe(401);
  await other.page.reload();
  await expect(other.page).toHaveURL(/\/sign-in/);
  // Signing in again afterwards works: only the sessions from before are ended.
  await signIn(other.page, E2E.target, targetPassword());
  expect((await other.page.request.get('/api/blobs?container=recordings')).status()).toBe(200);
  await first.context.close();
  await other.context.close();
});

test('200 parallel wrong passwords across two console processes get at most 5 password checks', async () => {
  test.setTimeout(120_000);
  second ??= await startSecondInstance(E2E.port + 7);
  const consoles = [E2E.baseURL, second.baseURL];
  const answers = await Promise.all(
    Array.from({ length: 200 }, (_, i) => passwordSignIn(consoles[i % 2]!, 'e2e-brute', `guess-${i}`, '203.0.113.50').then((r) => r.code)),
  );
  const incorrect = answers.filter((code) => code === 'credentials').length;
  const locked = answers.filter((code) => code?.startsWith('locked-') || code?.startsWith('slowed-')).length;
  console.log(
    `200 parallel guesses: ${incorrect} password checks ("incorrect"), ${locked} refused as locked, others: ${JSON.stringify(answers.filter((c) => c !== 'credentials' && !c?.startsWith('locked-') && !c?.startsWith('slowed-')))}`,
  );
  expect(incorrect).toBeLessThanOrEqual(5);
  expect(incorrect).toBeGreaterThanOrEqual(1);
  // The rest are refused: locked, or (when storage cannot count them in time) unavailable, never checked.
  expect(answers.filter((code) => code === 'unavailable').length + locked + incorrect).toBe(200);
});

test('a new password for an account ends the sessions signed in with the old one', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, '192.0.2.24');
  const cookies = await context.cookies();
  await page.close();
  await context.close();
  // The same account with another password, as after a configuration change and a restart.
  const changed = await startSecondInstance(E2E.port + 8, {
    LOCAL_USERS: JSON.stringify([{ username: E2E.target, role: 'admin', password: 'a completely new password' }]),
  });
  try {
    const old = await browser.newContext({
      baseURL: changed.baseURL,
      storageState: { cookies: cookies.map((c) => ({ ...c })), origins: [] },
    });
    expect((await old.request.get(`${changed.baseURL}/api/blobs?container=recordings`)).status()).toBe(401);
    await old.close();
    expect((await passwordSignIn(changed.baseURL, E2E.target, 'a completely new password', '192.0.2.25')).code).toBeNull();
  } finally {
    await changed.stop();
  }
});
