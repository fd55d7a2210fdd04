import { expect, test, type Request } from '@playwright/test';

// Paging belongs to one search: a new search started on page 2 asks for its own first page and never
// sends the continuation of the page it came from, not even for one request.

const utcInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const DAY = 86_400_000;

test('a new search on page 2 starts at its first page, never with the old continuation', async ({ page }) => {
  // More than one page of results: the index is built at start (it holds the seeded interactions).
  const indexed = async () =>
    ((await (await page.request.get('/api/interactions/status')).json()) as { state: { count: number } }).state.count;
  await expect.poll(indexed, { timeout: 60_000 }).toBeGreaterThan(100);
  const to = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  await page.goto(`/interactions?pageSize=50&zone=UTC&from=${utcInput(to - 30 * DAY)}&to=${utcInput(to)}`);
  await expect(page.getByText('Page 1 · 50 interactions on this page')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('group', { name: 'Pages' }).getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/^Page 2 · \d+ interactions on this page/)).toBeVisible();

  const sent: { from: string; continuation: string }[] = [];
  page.on('request', (r: Request) => {
    if (new URL(r.url()).pathname !== '/api/interactions/search') return;
    const body = r.postDataJSON() as { search: { from: string }; continuation: string };
    sent.push({ from: body.search.from, continuation: body.continuation });
  });
  const from = utcInput(Date.now() - 20 * DAY);
  await page.getByLabel('From', { exact: true }).fill(from);
  // The new search's own answer, not the page showing "Page 1" a moment before it is asked for.
  const answered = page.waitForResponse(
    (r) =>
      new URL(r.url()).pathname === '/api/interactions/search' &&
      (r.request().postDataJSON() as { search: { from: string } }).search.from === from,
  );
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await answered;
  await expect(page.getByText(/^Page 1 · \d+ interactions on this page/)).toBeVisible();
  expect(sent).toEqual([{ from, continuation: '' }]);
});
