import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { formReady, generateTokens, listStatus, storage, submitTokens } from './helpers';
import { E2E } from './ports';

// Storage that stops answering mid-session: every page and action says so within 10 seconds, nothing
// is claimed that did not happen, and the console recovers by itself when storage comes back.
test.describe.configure({ mode: 'serial' });

/** The PID of the run's own Azurite service (blob or table), found by its command line. */
function azuritePid(service: 'blob' | 'table'): number {
  const port = String(service === 'blob' ? E2E.blobPort : E2E.tablePort);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      // `npm start` runs each service through scripts/azurite-child.mjs <service> ….
      const child = args.findIndex((a) => a.endsWith('azurite-child.mjs'));
      const isService = args.some((a) => a.endsWith(`${service}/main.js`)) || (child >= 0 && args[child + 1] === service);
      if (isService && args.includes(port)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`no Azurite ${service} process on port ${port}`);
}

/** Freezes a service (it accepts connections but never answers: the hard case), then thaws it. */
async function frozen(service: 'blob' | 'table', fn: () => Promise<void>) {
  const pid = azuritePid(service);
  process.kill(pid, 'SIGSTOP');
  try {
    await fn();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

test('with blob storage not answering, pages and actions say so within 10 s, then recover', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/blob-storage');
  await formReady(page);
  const before = await generateTokens(page, { revoke: true });

  await frozen('blob', async () => {
    let started = Date.now();
    await page.reload();
    await expect(page.getByText(/did not answer/).first()).toBeVisible({ timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);

    await formReady(page);
    started = Date.now();
    await submitTokens(page, { revoke: true });
    await expect(page.getByText(/Nothing was changed|No tokens were generated/).first()).toBeVisible({ timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);

    started = Date.now();
    await page.goto('/recordings?prefix=mytenant%2F');
    await expect(page.getByRole('alert').filter({ hasText: /did not answer/ })).toBeVisible({ timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  // Back by itself: the same page lists again, and tokens are generated (the earlier ones still work).
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('table.blob-table tbody tr')).toHaveCount(50);
  await page.goto('/blob-storage');
  await formReady(page);
  const after = await generateTokens(page, { revoke: false });
  expect(await listStatus(before.recordings)).toBe(200);
  expect(await listStatus(after.recordings)).toBe(200);
});

test('token generation fails closed when its audit record cannot be written', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/blob-storage');
  await formReady(page);
  await generateTokens(page, { revoke: true });
  const policies = async () => (await storage().getContainerClient('recordings').getAccessPolicy()).signedIdentifiers.map((s) => s.id);
  const existing = await policies();

  await frozen('table', async () => {
    const started = Date.now();
    await submitTokens(page, { revoke: false });
    await expect(page.getByText(/No tokens were generated: The audit trail could not be written/)).toBeVisible({ timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
  expect(await policies()).toEqual(existing);
});
