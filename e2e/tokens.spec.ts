import { expect, test } from '@playwright/test';
import {
  blobUrl,
  chooseTimeZone,
  findByTags,
  formReady,
  generateTokens,
  listStatus,
  md5Base64,
  storage,
  submitTokens,
  withQuery,
  xmlValues,
} from './helpers';

const DAY = 86_400_000;

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await page.goto('/blob-storage');
  await expect(page.getByRole('heading', { name: 'Blob Storage', level: 1 })).toBeVisible();
  await formReady(page);
});

test('the form has its labelled fields, a sensible default window and the browser zone', async ({ page }) => {
  await expect(page.getByText('No tokens generated yet').first()).toBeVisible();
  await expect(page.getByLabel('Timezone')).toHaveValue(/\(America\/Los_Angeles\)$/);
  await expect(page.getByLabel('Timezone')).toHaveValue(/^UTC\(-0[78]:00\) Pacific Time/);
  const start = await page.getByLabel('Initiation Date').inputValue();
  const end = await page.getByLabel('Expiration Date').inputValue();
  expect(Date.parse(`${end}Z`) - Date.parse(`${start}Z`)).toBe(5 * DAY);
  await page.getByRole('button', { name: '7 days' }).click();
  const seven = await page.getByLabel('Expiration Date').inputValue();
  expect(Date.parse(`${seven}Z`) - Date.parse(`${start}Z`)).toBe(7 * DAY);
  await expect(page.getByLabel('Revoke existing tokens')).not.toBeChecked();
  await expect(page.getByText(/account tokens .* keep working until they expire/i)).toBeVisible();
});

test('generated URLs list, download and find with plain HTTP, as the reference curl commands do', async ({ page }) => {
  const urls = await generateTokens(page, { revoke: true });
  await expect(page.getByText(/shown only this once/)).toBeVisible();

  const recordings = new URL(urls.recordings).searchParams;
  expect(recordings.get('sp')).toBeNull(); // permissions live in the stored access policy
  expect(recordings.get('si')).toMatch(/^bsc-/);
  expect(recordings.get('sr')).toBe('c');
  expect(recordings.get('spr')).toBe('https,http');
  const account = new URL(urls.account).searchParams;
  expect([account.get('ss'), account.get('srt'), account.get('sp')]).toEqual(['b', 'sco', 'f']);

  // List the recordings container: 200 and XML naming the demo blobs.
  const list = await fetch(withQuery(urls.recordings, 'restype=container&comp=list'));
  expect(list.status).toBe(200);
  const xml = await list.text();
  const names = xmlValues(xml, 'Name');
  expect(names.length).toBeGreaterThanOrEqual(200);
  expect(names[0]).toMatch(/^mytenant\/00[0-9A-Z]{30}_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-[0-9A-F]{8}-[0-9A-F]{8}-\d{8}\.mp3\.bin$/);

  // Download a listed blob and check its bytes against the listing's Content-MD5.
  const md5s = xmlValues(xml, 'Content-MD5');
  const download = await fetch(blobUrl(urls.recordings, names[0]!));
  expect(download.status).toBe(200);
  const bytes = new Uint8Array(await download.arrayBuffer());
  expect(md5Base64(bytes)).toBe(md5s[0]);
  const truth = await storage().getContainerClient('recordings').getBlobClient(names[0]!).downloadToBuffer();
  expect(Buffer.from(bytes).equals(truth)).toBe(true);

  // The GIM-EXPORT URL lists its container too.
  expect(await listStatus(urls.gimExport)).toBe(200);

  // Find by tags: exactly the CALL recordings stored in a range, computed from what the seed stored.
  const tagged: { name: string; type?: string; stored?: string }[] = [];
  for await (const blob of storage().getContainerClient('recordings').listBlobsFlat({ includeTags: true })) {
    tagged.push({ name: blob.name, type: blob.tags?.RecordingType, stored: blob.tags?.StoredTime });
  }
  const stored = tagged.map((t) => t.stored!).sort();
  const from = stored[Math.floor(stored.length / 4)]!;
  const to = stored[Math.floor((stored.length * 3) / 4)]!;
  const expected = tagged
    .filter((t) => t.type === 'CALL' && t.stored! >= from && t.stored! < to)
    .map((t) => t.name)
    .sort();
  expect(expected.length).toBeGreaterThan(10);
  const found = await findByTags(
    urls.account,
    `@container='recordings' AND RecordingType = 'CALL' AND StoredTime >= '${from}' AND StoredTime < '${to}'`,
  );
  expect(found.sort()).toEqual(expected);

  // The account token finds but can neither download nor list.
  const [base, sas] = urls.account.split('?') as [string, string];
  expect((await fetch(`${base}/recordings/${names[0]}?${sas}`)).status).toBe(403);
  expect((await fetch(`${base}/recordings?${sas}&restype=container&comp=list`)).status).toBe(403);

  // The ready-to-run commands carry the real URLs.
  await expect(page.locator('pre', { hasText: 'comp=list' })).toContainText(urls.recordings);
});

test('Revoke existing tokens kills earlier container URLs; without it they keep working', async ({ page }) => {
  const first = await generateTokens(page, { revoke: true });
  const second = await generateTokens(page, { revoke: false });
  for (const url of [first.recordings, first.gimExport, second.recordings, second.gimExport]) {
    expect(await listStatus(url)).toBe(200);
  }

  const third = await generateTokens(page, { revoke: true });
  await expect(page.getByText('Every earlier container token was revoked')).toBeVisible();
  for (const url of [first.recordings, first.gimExport, second.recordings, second.gimExport]) {
    expect(await listStatus(url)).toBe(403);
  }
  expect(await listStatus(third.recordings)).toBe(200);
  expect(await listStatus(third.gimExport)).toBe(200);
  // An account token cannot be revoked: the first one still finds.
  expect(await findByTags(first.account, `@container='recordings' AND RecordingType = 'SCREEN'`)).not.toHaveLength(0);
});

test('a sixth active token is refused with what to do, and nothing changes', async ({ page }) => {
  await generateTokens(page, { revoke: true });
  for (let i = 0; i < 4; i++) await generateTokens(page);
  const policies = async () => (await storage().getContainerClient('recordings').getAccessPolicy()).signedIdentifiers.map((s) => s.id);
  const five = await policies();
  expect(five).toHaveLength(5);

  await submitTokens(page);
  await expect(page.getByText(/already has 5 active tokens.*Tick "Revoke existing tokens"/)).toBeVisible();
  expect(await policies()).toEqual(five);
  await expect(page.getByText('recordings: 5 of 5 active')).toBeVisible();

  // Revoking one from the Active tokens list makes room again.
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: `Revoke ${five[0]}` }).click();
  await expect(page.getByText('recordings: 4 of 5 active')).toBeVisible();
  await generateTokens(page);
  expect(await policies()).toHaveLength(5);
});

test('an expiration in the past gets the field message and no token', async ({ page }) => {
  await submitTokens(page, { start: new Date(Date.now() - 3 * DAY), end: new Date(Date.now() - DAY) });
  const field = page.getByLabel('Expiration Date');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('The expiration date is in the past. Choose a later date.')).toBeVisible();
  await expect(page.getByLabel('RECORDINGS CONTAINER URL')).toHaveCount(0);
});

test('the server action refuses bad input itself when the browser is bypassed', async ({ page }) => {
  // Capture the action's id from a real submission, then call it directly with a bad payload.
  const request = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']));
  await submitTokens(page, { revoke: true });
  const sent = await request;
  await expect(page.getByLabel('RECORDINGS CONTAINER URL')).toHaveValue(/sig=/);
  const past = new Date(Date.now() - DAY).toISOString().slice(0, 16);
  const body = JSON.stringify([{ initiation: '2020-01-01T00:00', expiration: past, timeZone: 'UTC', revoke: false }]);
  const res = await page.request.post('/blob-storage', {
    headers: { 'Next-Action': sent.headers()['next-action']!, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
    data: body,
  });
  const text = await res.text();
  expect(text).toContain('The expiration date is in the past. Choose a later date.');
  expect(text).not.toContain('sig=');

  const badZone = JSON.stringify([
    { initiation: '2030-01-01T00:00', expiration: '2030-01-02T00:00', timeZone: 'Mars/Olympus', revoke: false },
  ]);
  const zoneRes = await page.request.post('/blob-storage', {
    headers: { 'Next-Action': sent.headers()['next-action']!, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
    data: badZone,
  });
  expect(await zoneRes.text()).toContain('is not a known timezone');
});

test('a time skipped by daylight saving gets a clear message, never a silent shift', async ({ page }) => {
  await chooseTimeZone(page, 'Los Angeles', /\(America\/Los_Angeles\)$/);
  await page.getByLabel('Initiation Date').fill('2027-03-14T02:30');
  await page.getByLabel('Expiration Date').fill('2027-03-20T10:00');
  await page.getByRole('button', { name: 'Generate new tokens' }).click();
  await expect(page.getByText(/2027-03-14 02:30 does not exist in America\/Los_Angeles/)).toBeVisible();
  await expect(page.getByLabel('RECORDINGS CONTAINER URL')).toHaveCount(0);
});

test('the URLs are shown once: a reload shows none, and nothing is cached or sent as Referer', async ({ page }) => {
  await generateTokens(page, { revoke: true });
  await page.reload();
  await expect(page.getByText('No tokens generated yet').first()).toBeVisible();
  await expect(page.getByLabel('RECORDINGS CONTAINER URL')).toHaveCount(0);
  expect(page.url()).not.toContain('sig');

  const res = await page.request.get('/blob-storage');
  expect(res.headers()['cache-control']).toContain('no-store');
  expect(res.headers()['referrer-policy']).toBe('same-origin');
});

test('the timezone picker is searchable and works from the keyboard', async ({ page }) => {
  const box = page.getByLabel('Timezone');
  await box.fill('berlin');
  await expect(page.getByRole('option')).toHaveCount(1);
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect(box).toHaveValue(/^UTC\(\+0[12]:00\) Central European .*\(Europe\/Berlin\)$/);
  await box.fill('no such place');
  await expect(page.getByText('No timezone matches')).toBeVisible();
  await box.press('Escape');
  await expect(box).toHaveValue(/\(Europe\/Berlin\)$/);
});

test('the RECORDINGS URL finds by tags in its own container, and gets 403 once revoked', async ({ page }) => {
  const urls = await generateTokens(page, { revoke: true });
  const where = encodeURIComponent("RecordingType = 'CALL'");
  const find = await fetch(withQuery(urls.recordings, `restype=container&comp=blobs&where=${where}`));
  const xml = await find.text();
  expect(find.status, xml).toBe(200);
  const found = xmlValues(xml, 'Name');
  expect(found.length).toBeGreaterThan(0);
  expect(found.every((n) => n.startsWith('mytenant/'))).toBe(true);
  // The page shows that command too.
  await expect(page.getByText(/with the RECORDINGS URL \(stops working when revoked\)/)).toBeVisible();

  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Revoke all container tokens' }).click();
  await expect(page.getByText(/^Revoked\./)).toBeVisible();
  const after = await fetch(withQuery(urls.recordings, `restype=container&comp=blobs&where=${where}`));
  await after.arrayBuffer();
  expect(after.status).toBe(403);
});

test('the ACCOUNT URL lives at most 7 days, and the result says so when the container URLs live longer', async ({ page }) => {
  await expect(page.getByText(/ACCOUNT CONTAINER URL cannot be revoked, so it is valid for at most 7 days/)).toBeVisible();
  const urls = await generateTokens(page, { end: new Date(Date.now() + 30 * DAY) });
  const accountExpiry = Date.parse(new URL(urls.account).searchParams.get('se')!);
  expect(accountExpiry - Date.now()).toBeLessThanOrEqual(7 * DAY + 60_000);
  expect(accountExpiry - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
  await expect(page.getByText(/The ACCOUNT CONTAINER URL expires earlier, at .*valid for at most 7 days/)).toBeVisible();
});

test('an allowed IP range goes into every URL as sip, and a bad one gets a field message', async ({ page }) => {
  await page.getByText('Advanced: allowed IP range').click();
  await page.getByLabel('Allowed IP address or range').fill('10.0.0.9-10.0.0.1');
  await page.getByRole('button', { name: 'Generate new tokens' }).click();
  await expect(page.getByText(/lowest first/)).toBeVisible();
  await expect(page.getByLabel('Allowed IP address or range')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Allowed IP address or range').fill('127.0.0.1-127.0.0.255');
  const urls = await generateTokens(page);
  for (const url of [urls.account, urls.recordings, urls.gimExport])
    expect(new URL(url).searchParams.get('sip')).toBe('127.0.0.1-127.0.0.255');
  await expect(
    page.getByText('Every URL works only from addresses 127.0.0.1-127.0.0.255 (sip). Requests from elsewhere get 403.'),
  ).toBeVisible();
  // Azurite does not check sip; from this machine's address the URL works either way.
  expect(await listStatus(urls.recordings)).toBe(200);
});

test('the status panel follows each generate and revoke from the action answer itself, not a page render', async ({ page }) => {
  // An action that re-rendered the page would carry the page's whole tree in its answer (and read
  // the policies again); the answer carries the token state it just wrote instead.
  // Each action's answer, read as it passes (Chromium may drop a response body before it is asked for).
  const answers: string[] = [];
  await page.route('**/blob-storage', async (route) => {
    if (route.request().method() !== 'POST' || !route.request().headers()['next-action']) return route.fallback();
    const response = await route.fetch();
    answers.push(await response.text());
    await route.fulfill({ response });
  });
  const urls = await generateTokens(page, { revoke: true });
  const policyId = new URL(urls.recordings).searchParams.get('si')!;
  const panel = page.getByRole('region', { name: 'Active tokens' });
  await expect(panel.getByRole('cell', { name: policyId, exact: true })).toBeVisible();
  await expect(panel.getByText('recordings: 1 of 5 active')).toBeVisible();
  expect(answers).toHaveLength(1);
  const first = answers[0];
  expect(first).toContain('"tokenStatus"');
  expect(first).toContain(policyId);
  expect(first).not.toContain('Contact Center Settings / Blob Storage');

  page.once('dialog', (d) => d.accept());
  await panel.getByRole('button', { name: `Revoke ${policyId}` }).click();
  await expect(page.getByText(/^Revoked\./)).toBeVisible();
  await expect(panel.getByRole('cell', { name: policyId, exact: true })).toHaveCount(0);
  await expect(panel.getByText('recordings: 0 of 5 active')).toBeVisible();
  await expect(page.getByText('These container URLs have been revoked')).toBeVisible();
  // The revoke's message stays where the focus went, though the panel around it was replaced.
  await expect(page.locator('.revoke-feedback')).toBeFocused();
  expect(answers).toHaveLength(2);
  const second = answers[1];
  expect(second).toContain('"tokenStatus"');
  expect(second).not.toContain('Contact Center Settings / Blob Storage');
  // And a reload reads the same from storage.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Active tokens' }).getByText('recordings: 0 of 5 active')).toBeVisible();
});
