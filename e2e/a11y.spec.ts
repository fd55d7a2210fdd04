import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { generateTokens, gimExportZip } from './helpers';
import { E2E } from './ports';

// axe-core over every page and state a person reaches; serious and critical findings fail.

test('sign-in', async ({ browser }) => {
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL: E2E.baseURL });
  const page = await anonymous.newPage();
  await page.goto('/sign-in');
  await expect(page.getByLabel('Username')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'sign-in');
  await anonymous.close();
});

test('Blob Storage before and after generating', async ({ page }) => {
  await page.goto('/blob-storage');
  await expect(page.getByText('No tokens generated yet').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'Blob Storage');
  await page.getByLabel('Timezone').fill('Kolkata');
  await expect(page.getByRole('listbox')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'Blob Storage with the timezone list open');
  await page.getByLabel('Timezone').press('Escape');
  await generateTokens(page, { revoke: true });
  await expectNoSeriousA11yViolations(page, 'Blob Storage after generating');
});

test('Recordings: browse, find, and the details panel with a preview', async ({ page }) => {
  await page.goto('/recordings');
  await expect(page.getByRole('button', { name: 'mytenant/', exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'Recordings, container root');
  await page.goto('/recordings?prefix=mytenant%2F');
  await expect(page.locator('table.blob-table tbody tr')).toHaveCount(50);
  await page.locator('table.blob-table tbody tr').nth(1).getByRole('checkbox').check();
  await expectNoSeriousA11yViolations(page, 'Recordings, a folder with a selection');
  await page.goto('/recordings?mode=find&type=CALL');
  await expect(page.locator('table.blob-table tbody tr')).toHaveCount(50);
  await expectNoSeriousA11yViolations(page, 'Recordings, find');

  const csv = await gimExportZip();
  await page.goto(`/recordings?container=gim-export&prefix=${encodeURIComponent(csv.folder)}`);
  await page.getByRole('button', { name: csv.name.slice(csv.folder.length) }).click();
  await expect(page.getByRole('complementary', { name: 'Blob details' }).locator('.preview-csv table tbody tr').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'Recordings, details with a zip preview and its CSVs');
});

test('Audit', async ({ page }) => {
  await page.goto('/audit');
  await expect(page.locator('table.audit-table tbody tr').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'Audit');
});

test('the error pages: forbidden for a viewer, and not found', async ({ browser, page }) => {
  const viewerContext = await browser.newContext({ storageState: E2E.viewerState, baseURL: E2E.baseURL });
  const viewer = await viewerContext.newPage();
  expect((await viewer.goto('/audit'))?.status()).toBe(403);
  await expectNoSeriousA11yViolations(viewer, 'forbidden');
  await viewer.goto('/blob-storage');
  await expect(viewer.getByText('Only administrators can generate or revoke tokens.')).toBeVisible();
  await expectNoSeriousA11yViolations(viewer, 'Blob Storage as a viewer');
  await viewerContext.close();

  expect((await page.goto('/no-such-page'))?.status()).toBe(404);
  await expectNoSeriousA11yViolations(page, 'not found');
});
