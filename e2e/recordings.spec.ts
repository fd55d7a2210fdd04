import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { storage } from './helpers';

test.describe.configure({ mode: 'serial' });

type Tagged = { name: string; type?: string; stored?: string; size: number };

/** What the seed put in `recordings`, read with the account key: the ground truth for the UI. */
async function seeded(): Promise<Tagged[]> {
  const out: Tagged[] = [];
  for await (const b of storage().getContainerClient('recordings').listBlobsFlat({ includeTags: true })) {
    out.push({ name: b.name, type: b.tags?.RecordingType, stored: b.tags?.StoredTime, size: b.properties.contentLength ?? 0 });
  }
  return out;
}

async function bytesOf(container: string, name: string): Promise<Buffer> {
  return storage().getContainerClient(container).getBlobClient(name).downloadToBuffer();
}

function rowNames(page: Page) {
  return page.locator('table.blob-table tbody tr:not(.folder-row) .blob-name').allTextContents();
}

test('pages through a folder with Next and Previous, and returns through the breadcrumb', async ({ page }) => {
  await page.goto('/recordings');
  await expect(page.getByRole('heading', { name: 'Recordings', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'mytenant/' }).click();
  await expect(page).toHaveURL(/prefix=mytenant%2F/);
  await expect(page.locator('table.blob-table tbody tr')).toHaveCount(50);
  const first = await rowNames(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/^Page 2/)).toBeVisible();
  await expect.poll(() => rowNames(page)).not.toEqual(first);
  const second = await rowNames(page);
  expect(second).toHaveLength(50);
  expect(second.filter((n) => first.includes(n))).toEqual([]);
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect.poll(() => rowNames(page)).toEqual(first);

  await page.getByRole('navigation', { name: 'Folder' }).getByRole('button', { name: 'recordings' }).click();
  await expect(page.getByRole('button', { name: 'mytenant/' })).toBeVisible();
  expect(page.url()).not.toContain('prefix=');

  // The view lives in the URL: opening it again shows the same folder and page size.
  await page.goto('/recordings?container=recordings&prefix=mytenant%2F&size=100');
  await expect(page.locator('table.blob-table tbody tr')).toHaveCount(100);
  await expect(page.getByLabel('Page size')).toHaveValue('100');
});

test('a StoredTime range with RecordingType finds exactly the blobs the seed put there', async ({ page }) => {
  const all = await seeded();
  const stored = all.map((b) => b.stored!).sort();
  const from = stored[Math.floor(stored.length / 3)]!;
  const to = stored[Math.floor((stored.length * 2) / 3)]!;
  const expected = all
    .filter((b) => b.type === 'CALL' && b.stored! >= from && b.stored! < to)
    .map((b) => b.name)
    .sort();
  expect(expected.length).toBeGreaterThan(5);

  await page.goto('/recordings?mode=find&size=500');
  await page.getByLabel('RecordingType').selectOption('CALL');
  // The range is entered in UTC; minutes are enough because StoredTime values fall on whole seconds.
  await page.getByLabel('Timezone of the range').fill('UTC');
  await page.getByRole('option', { name: /\(UTC\)$/ }).click();
  const minuteAfter = (iso: string) => new Date(Math.ceil(Date.parse(iso) / 60_000) * 60_000).toISOString().slice(0, 16);
  const fromMinute = minuteAfter(from);
  const toMinute = minuteAfter(to);
  await page.getByLabel('StoredTime from').fill(fromMinute);
  await page.getByLabel('StoredTime to').fill(toMinute);
  const where = `@container='recordings' AND RecordingType = 'CALL' AND StoredTime >= '${fromMinute}:00Z' AND StoredTime < '${toMinute}:00Z'`;
  await expect(page.locator('pre', { hasText: '@container=' }).first()).toHaveText(where);
  await page.getByRole('button', { name: 'Find blobs' }).click();

  const inRange = all
    .filter((b) => b.type === 'CALL' && b.stored! >= `${fromMinute}:00Z` && b.stored! < `${toMinute}:00Z`)
    .map((b) => b.name)
    .sort();
  await expect(page.locator('table.blob-table tbody tr')).toHaveCount(inRange.length);
  const shown = await page.locator('table.blob-table tbody .blob-name').allTextContents();
  expect(shown.sort()).toEqual(inRange);
  // Results carry size and last modified, not only tags.
  await expect(page.locator('table.blob-table tbody tr').first()).toContainText(/KB|MB/);
  await expect(page).toHaveURL(/mode=find/);
  await expect(page).toHaveURL(/type=CALL/);

  // Everything the query finds, as one zip: the same blobs, byte for byte, with the query's own progress total.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download everything this query finds as zip' }).click();
  const entries = unzipSync(new Uint8Array(await readFile((await (await download).path())!)));
  expect(Object.keys(entries).sort()).toEqual(inRange);
  expect(Buffer.from(entries[inRange[0]!]!).equals(await bytesOf('recordings', inRange[0]!))).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: /^Saved recordings-/ })).toContainText(`${inRange.length} files).`);

  // The find is on the audit trail with its where expression (recorded just after the answer).
  await expect(async () => {
    await page.goto('/audit?action=blobs.find');
    await expect(
      page
        .locator('table.audit-table tbody tr')
        .filter({ hasText: `StoredTime >= '${fromMinute}:00Z'` })
        .first(),
    ).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
});

test('downloads one blob straight from storage with the right bytes', async ({ page }) => {
  await page.goto('/recordings?prefix=mytenant%2F');
  const firstRow = page.locator('table.blob-table tbody tr').first();
  const name = (await firstRow.locator('.blob-name').getAttribute('title'))!;
  const download = page.waitForEvent('download');
  await firstRow.getByRole('link', { name: /^Download/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(name.split('/').pop());
  expect((await readFile((await file.path())!)).equals(await bytesOf('recordings', name))).toBe(true);
});

test('zips three selected blobs, keeping folders in the names', async ({ page }) => {
  await page.goto('/recordings?prefix=mytenant%2F');
  const rows = page.locator('table.blob-table tbody tr');
  await expect(rows).toHaveCount(50);
  const names: string[] = [];
  for (const i of [0, 7, 21]) {
    names.push((await rows.nth(i).locator('.blob-name').getAttribute('title'))!);
    await rows.nth(i).getByRole('checkbox').check();
  }
  await expect(page.getByText('3 selected across pages')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Download 3 selected .* as zip/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^recordings-\d{8}-\d{4}\.zip$/);
  const entries = unzipSync(new Uint8Array(await readFile((await file.path())!)));
  expect(Object.keys(entries).sort()).toEqual([...names].sort());
  for (const name of names) expect(Buffer.from(entries[name]!).equals(await bytesOf('recordings', name))).toBe(true);
  await expect(page.getByText(/^Saved recordings-.*\.zip/)).toBeVisible();
});

test('a zip leaves out a blob deleted after it was selected and says so; with all gone, it says that instead', async ({ page }) => {
  const folder = storage().getContainerClient('recordings');
  const [keep, gone] = ['mytenant/zz-e2e-keep.bin', 'mytenant/zz-e2e-gone.bin'];
  const kept = Buffer.from('kept bytes '.repeat(100));
  await folder.getBlockBlobClient(keep).uploadData(kept);
  await folder.getBlockBlobClient(gone).uploadData(Buffer.from('soon gone'));
  try {
    await page.goto(`/recordings?prefix=${encodeURIComponent('mytenant/')}&name=zz-e2e-`);
    const rows = page.locator('table.blob-table tbody tr');
    await expect(rows).toHaveCount(2);
    for (const i of [0, 1]) await rows.nth(i).getByRole('checkbox').check();
    await folder.getBlobClient(gone).delete();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Download 2 selected .* as zip/ }).click();
    const entries = unzipSync(new Uint8Array(await readFile((await (await download).path())!)));
    expect(Object.keys(entries).sort()).toEqual(['NOT-INCLUDED.txt', keep]);
    expect(Buffer.from(entries[keep]!).equals(kept)).toBe(true);
    expect(Buffer.from(entries['NOT-INCLUDED.txt']!).toString()).toContain(`1 of the 2 blobs asked for were not in storage`);
    expect(Buffer.from(entries['NOT-INCLUDED.txt']!).toString()).toContain(gone);
    await expect(page.getByRole('status').filter({ hasText: /^Saved recordings-/ })).toContainText(
      '1 file). 1 of 2 blobs were not in storage and are left out; see NOT-INCLUDED.txt.',
    );

    // Nothing left to zip: a message, not an empty archive.
    await folder.getBlobClient(keep).delete();
    await page.getByRole('button', { name: /Download 2 selected .* as zip/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'None of the 2 blobs exist any more' })).toContainText(gone);

    // The audit trail has both: what was sent and what was missing.
    await page.goto('/audit?action=blobs.zip');
    const detail = (row: number, key: string) =>
      page
        .locator('table tbody tr')
        .nth(row)
        .locator('.kv div')
        .filter({ has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
        .locator('dd');
    await expect(detail(0, 'missing')).toHaveText('2');
    await expect(detail(0, 'count')).toHaveText('0');
    await expect(detail(1, 'count')).toHaveText('1');
    await expect(detail(1, 'bytes')).toHaveText(String(kept.length));
    await expect(detail(1, 'missingNames')).toHaveText(gone);
    await expect(detail(1, 'stage')).toHaveText('finished');
    await expect(detail(2, 'stage')).toHaveText('started');
  } finally {
    await Promise.all([folder.deleteBlob(keep).catch(() => undefined), folder.deleteBlob(gone).catch(() => undefined)]);
  }
});

test('previews a GIM-export chunk as its CSV tables and a playable recording as audio', async ({ page }) => {
  let chunk: string | undefined;
  // The first seeded chunk (other tests add chunks of their own after it, some corrupt on purpose).
  for await (const b of storage().getContainerClient('gim-export').listBlobsFlat()) {
    if (b.name.endsWith('.zip')) {
      chunk = b.name;
      break;
    }
  }
  expect(chunk).toBeDefined();
  const folder = chunk!.slice(0, chunk!.lastIndexOf('/') + 1);
  await page.goto(`/recordings?container=gim-export&prefix=${encodeURIComponent(folder)}`);
  await page.getByRole('button', { name: chunk!.slice(folder.length) }).click();
  const details = page.getByRole('complementary', { name: 'Blob details' });
  await expect(details.getByText('application/zip')).toBeVisible();
  await expect(details.locator('.preview-zip td.mono', { hasText: 'INTERACTION_FACT.csv' })).toBeVisible();
  const table = details.locator('.preview-csv table').first();
  await expect(details.locator('.preview-csv thead', { hasText: 'MEDIA_SERVER_IXN_GUID' })).toBeVisible();
  await expect(table.locator('tbody tr').first()).toBeVisible();

  let wav: string | undefined;
  for await (const b of storage().getContainerClient('recordings').listBlobsFlat()) {
    const head = await storage().getContainerClient('recordings').getBlobClient(b.name).downloadToBuffer(0, 4);
    if (head.toString('latin1') === 'RIFF') {
      wav = b.name;
      break;
    }
  }
  expect(wav).toBeDefined();
  await page.goto(
    `/recordings?prefix=${encodeURIComponent('mytenant/')}&name=${encodeURIComponent(wav!.slice('mytenant/'.length, 'mytenant/'.length + 20))}`,
  );
  await page.getByRole('button', { name: wav!.slice('mytenant/'.length) }).click();
  await expect(page.getByRole('complementary', { name: 'Blob details' }).locator('audio')).toHaveAttribute('src', /sp=r/);

  const encrypted = (await seeded()).find((b) => b.name !== wav && b.type === 'SCREEN')!;
  await page.getByRole('button', { name: 'Close' }).click();
  await page.goto(
    `/recordings?prefix=${encodeURIComponent('mytenant/')}&name=${encodeURIComponent(encrypted.name.slice('mytenant/'.length, 'mytenant/'.length + 20))}`,
  );
  await page.getByRole('button', { name: encrypted.name.slice('mytenant/'.length) }).click();
  await expect(page.getByText('No preview: encrypted or not audio.')).toBeVisible();
});

test('refuses bad tag queries, unknown containers and hostile blob names with a clear 4xx', async ({ page }) => {
  const find = (query: object) => page.request.post('/api/blobs/find', { data: { query } });
  const quote = await find({ container: 'recordings', recordingType: "CALL' OR 1=1" });
  expect(quote.status()).toBe(400);
  expect((await quote.json()).error).toMatch(/no quotes/);
  const bad = await find({ container: 'recordings', tags: [{ key: 'a;b', op: '=', value: 'x' }] });
  expect(bad.status()).toBe(400);
  const other = await find({ container: 'secrets', recordingType: 'CALL' });
  expect(other.status()).toBe(400);
  expect((await other.json()).error).toMatch(/Unknown container/);

  expect((await page.request.get('/api/blobs?container=secrets')).status()).toBe(400);
  for (const name of ['../etc/passwd', 'mytenant/%2e%2e/x', 'https://evil.example/x', '/abs/x', 'a\\b']) {
    for (const route of ['details', 'download', 'preview']) {
      const res = await page.request.get(`/api/blobs/${route}?container=recordings&name=${encodeURIComponent(name)}`, { maxRedirects: 0 });
      expect(res.status(), `${route} ${name}`).toBe(400);
      expect((await res.json()).error, `${route} ${name}`).toMatch(/blob name/);
    }
  }
  const zip = await page.request.post('/api/blobs/zip', { data: { container: 'recordings', names: ['../x'] } });
  expect(zip.status()).toBe(400);
  // The UI shows the message from the server for a quote typed into a tag row.
  await page.goto('/recordings?mode=find');
  await page.getByRole('button', { name: 'Add condition' }).click();
  await page.getByLabel('Tag name 1').fill('Queue');
  await page.getByLabel('Tag value 1').fill("x' OR 'y");
  await page.getByRole('button', { name: 'Find blobs' }).click();
  await expect(page.getByRole('region', { name: 'Find blobs by tags' }).getByRole('alert')).toContainText('no quotes');
});
