import { expect, test } from '@playwright/test';

// A find by tags shows its rows as soon as Find Blobs by Tags answers; sizes and dates follow in a
// second request. The test holds that second request in the browser (it then goes to the real
// console and storage) to look at the page in between.
test('a find shows its rows before their sizes and dates, marked busy in place, then fills them in', async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let propertiesAsked = 0;
  await page.route('**/api/blobs/properties', async (route) => {
    propertiesAsked++;
    await held;
    await route.continue();
  });

  await page.goto('/recordings?mode=find');
  await page.getByLabel('RecordingType').selectOption('CALL');
  await page.getByRole('button', { name: 'Find blobs' }).click();

  const table = page.locator('table.blob-table');
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(5);
  await expect.poll(() => propertiesAsked).toBe(1);
  // In between: the rows and their names, the table busy, every size a placeholder (no dashes, no numbers).
  await expect(table).toHaveAttribute('aria-busy', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'Reading the sizes and dates of these blobs' })).toBeAttached();
  const firstRow = rows.first();
  await expect(firstRow.locator('.blob-name')).toHaveText(/\.bin$|\.\w+$/);
  await expect(firstRow.locator('td.col-detail').first().locator('.cell-pending')).toBeVisible();
  await expect(table).not.toContainText(/\d+(\.\d+)? (B|KB|MB)\b/);
  const before = await firstRow.boundingBox();
  const deletedOn = table.locator('thead th', { hasText: 'Deleted on' });
  const columnBefore = await deletedOn.boundingBox();

  release();
  await expect(table).not.toHaveAttribute('aria-busy', 'true');
  await expect(firstRow.locator('td.col-detail').first()).toHaveText(/\d+(\.\d+)? (B|KB|MB)$/);
  await expect(table.locator('.cell-pending')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Find blobs by tags' }).getByRole('alert')).toHaveCount(0);
  // The details took the placeholders' places: the rows kept their height, the columns after them their place.
  const after = await firstRow.boundingBox();
  const columnAfter = await deletedOn.boundingBox();
  expect(Math.abs(after!.height - before!.height)).toBeLessThanOrEqual(1);
  expect(Math.abs(columnAfter!.x - columnBefore!.x)).toBeLessThanOrEqual(12);
});

test('finds, which replace the URL, fetch the tab icon from the console at most once: it is cached', async ({ page }) => {
  const served: string[] = [];
  page.on('requestfinished', async (request) => {
    if (new URL(request.url()).pathname !== '/icon.svg') return;
    // Each answer from the console has its own request id; one from the browser's cache repeats it.
    const id = (await request.response())?.headers()['x-request-id'];
    if (id && !served.includes(id)) served.push(id);
  });
  await page.goto('/recordings?mode=find');
  const table = page.locator('table.blob-table');
  for (const type of ['CALL', 'SCREEN', 'CALL']) {
    await page.getByLabel('RecordingType').selectOption(type);
    await page.getByRole('button', { name: 'Find blobs' }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]type=${type}(&|$)`));
    await expect(table.locator('tbody tr').first()).toBeVisible();
    await expect(table).not.toHaveAttribute('aria-busy', 'true');
  }
  await page.waitForTimeout(300);
  expect(served.length).toBeLessThanOrEqual(1);
});
