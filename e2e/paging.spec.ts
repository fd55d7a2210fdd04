import { expect, test, type Page, type Request } from '@playwright/test';
import { gimExportZip } from './helpers';

// Paging belongs to one view: a new folder, container or mode starts at page 1 and never sends
// the marker of the page it came from, not even for one request.

/** Every listing or find request the page sends from now on, as what it asked for. */
function watchRequests(page: Page) {
  const sent: { container: string; prefix?: string; marker: string; find: boolean }[] = [];
  page.on('request', (r: Request) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/blobs') {
      sent.push({
        container: url.searchParams.get('container') ?? '',
        prefix: url.searchParams.get('prefix') ?? '',
        marker: url.searchParams.get('marker') ?? '',
        find: false,
      });
    } else if (url.pathname === '/api/blobs/find') {
      const body = r.postDataJSON() as { query: { container: string }; marker: string };
      sent.push({ container: body.query.container, marker: body.marker, find: true });
    }
  });
  return sent;
}

async function toPageTwo(page: Page) {
  await expect(page.locator('table.blob-table tbody tr')).toHaveCount(50);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/^Page 2/)).toBeVisible();
  await expect(page.getByText(/updating/)).toHaveCount(0);
}

test('changing the container on page 2 lists the new container from its start', async ({ page }) => {
  await page.goto('/recordings?prefix=mytenant%2F');
  await toPageTwo(page);
  const sent = watchRequests(page);
  await page.getByLabel('Container').selectOption('gim-export');
  // The container's root: the tenant's folder of export chunks (what the seed writes there).
  const root = await gimExportZip();
  await expect(page.getByRole('button', { name: root.name.split('/')[0] + '/', exact: true })).toBeVisible();
  await expect(page.getByText(/^Page 1/)).toBeVisible();
  expect(sent.filter((s) => s.container === 'gim-export')).toEqual([{ container: 'gim-export', prefix: '', marker: '', find: false }]);
});

test('going up a folder on page 2 lists that folder from its start', async ({ page }) => {
  await page.goto('/recordings?prefix=mytenant%2F');
  await toPageTwo(page);
  const sent = watchRequests(page);
  await page.getByRole('navigation', { name: 'Folder' }).getByRole('button', { name: 'recordings' }).click();
  await expect(page.getByRole('button', { name: 'mytenant/', exact: true })).toBeVisible();
  await expect(page.getByText(/^Page 1/)).toBeVisible();
  expect(sent).toEqual([{ container: 'recordings', prefix: '', marker: '', find: false }]);
});

test('switching from find on page 2 to browse, and back, starts each at page 1', async ({ page }) => {
  await page.goto('/recordings?mode=find&type=CALL');
  await toPageTwo(page);
  const sent = watchRequests(page);
  await page.getByRole('button', { name: 'Browse folders' }).click();
  await expect(page.getByRole('button', { name: 'mytenant/', exact: true })).toBeVisible();
  await expect(page.getByText(/^Page 1/)).toBeVisible();
  await page.getByRole('button', { name: 'Find by tags' }).click();
  await page.getByLabel('RecordingType').selectOption('CALL');
  await page.getByRole('button', { name: 'Find blobs' }).click();
  await expect(page.locator('table.blob-table tbody tr')).toHaveCount(50);
  await expect(page.getByText(/^Page 1/)).toBeVisible();
  expect(
    sent.every((s) => s.marker === ''),
    JSON.stringify(sent),
  ).toBe(true);
});
