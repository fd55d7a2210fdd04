import { expect, test } from '@playwright/test';
import { gimExportZip } from './helpers';

// What a new user sees while browsing: the columns that fit the container, folders counted, SVG icons.

test('a container root of folders counts its folders, and the folder icon is an SVG', async ({ page }) => {
  await page.goto('/recordings');
  const folder = page.getByRole('button', { name: 'mytenant/', exact: true });
  await expect(folder).toBeVisible();
  await expect(page.getByText(/^Page 1 · 1 folder on this page$/)).toBeVisible();
  await expect(page.getByText(/0 blobs/)).toHaveCount(0);
  await expect(folder.locator('svg')).toHaveCount(1);
  expect(await folder.textContent()).toBe('mytenant/');
});

test('gim-export shows no recording tag columns; recordings does', async ({ page }) => {
  const csv = await gimExportZip();
  await page.goto(`/recordings?container=gim-export&prefix=${encodeURIComponent(csv.folder)}`);
  await expect(page.getByRole('button', { name: csv.name.slice(csv.folder.length) })).toBeVisible();
  const headers = page.locator('table.blob-table thead th');
  await expect(headers.filter({ hasText: 'Deleted on' })).toHaveCount(1);
  await expect(headers.filter({ hasText: 'RecordingType' })).toHaveCount(0);
  await expect(headers.filter({ hasText: 'StoredTime' })).toHaveCount(0);

  await page.goto('/recordings?prefix=mytenant%2F');
  await expect(page.locator('table.blob-table tbody tr')).toHaveCount(50);
  await expect(headers.filter({ hasText: 'RecordingType' })).toHaveCount(1);
  await expect(headers.filter({ hasText: 'StoredTime' })).toHaveCount(1);
});
