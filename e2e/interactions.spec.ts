// The Interactions page on the seeded data. Ground truth comes from the export CSVs themselves,
// read here with the account key (the last row of a repeated interaction wins).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { CsvReader } from '../lib/gim/csv';
import { storage } from './helpers';
import { E2E } from './ports';

test.describe.configure({ mode: 'serial' });

type Row = Record<string, string>;
type Truth = {
  guid: string;
  start: number;
  end: number;
  customer: string;
  agents: { name: string; id: string }[];
  chunk: string;
  row: Row;
};

function parseCsv(bytes: Uint8Array): Row[] {
  const rows: string[][] = [];
  const reader = new CsvReader((cells) => rows.push(cells));
  reader.push(Buffer.from(bytes).toString('utf8'));
  reader.end();
  const [header = [], ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

async function exportTruth(): Promise<Map<string, Truth>> {
  const gim = storage().getContainerClient('gim-export');
  const names: string[] = [];
  for await (const b of gim.listBlobsFlat({ prefix: 'export_' })) if (b.name.endsWith('.zip')) names.push(b.name);
  names.sort((a, b) => Number(/export_(\d+)_/.exec(a)?.[1]) - Number(/export_(\d+)_/.exec(b)?.[1]));
  const out = new Map<string, Truth>();
  for (const name of names) {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(new Uint8Array(await gim.getBlobClient(name).downloadToBuffer()));
    } catch {
      continue; // a chunk a test made corrupt on purpose
    }
    const table = (t: string) => (files[`${t}.csv`] ? parseCsv(files[`${t}.csv`]!) : []);
    const resources = new Map(table('RESOURCE_').map((r) => [r.RESOURCE_KEY, r]));
    const types = new Map(table('INTERACTION_TYPE').map((r) => [r.INTERACTION_TYPE_KEY, r.INTERACTION_TYPE_CODE]));
    const agents = new Map<string, { name: string; id: string }[]>();
    for (const link of table('INTERACTION_RESOURCE_FACT')) {
      const r = resources.get(link.RESOURCE_KEY);
      if (r?.RESOURCE_TYPE_CODE === 'AGENT')
        agents.set(link.INTERACTION_ID!, [{ name: `${r.AGENT_LAST_NAME}, ${r.AGENT_FIRST_NAME}`, id: r.EMPLOYEE_ID! }]);
    }
    for (const row of table('INTERACTION_FACT')) {
      const inbound = types.get(row.INTERACTION_TYPE_KEY) !== 'OUTBOUND';
      out.set(row.MEDIA_SERVER_IXN_GUID!, {
        guid: row.MEDIA_SERVER_IXN_GUID!,
        start: Number(row.START_TS),
        end: Number(row.END_TS),
        customer: inbound ? row.SOURCE_ADDRESS! : row.TARGET_ADDRESS!,
        agents: agents.get(row.INTERACTION_ID!) ?? [],
        chunk: name.slice(0, name.indexOf('/')),
        row,
      });
    }
  }
  return out;
}

let truth: Map<string, Truth>;

async function indexedCount(page: Page): Promise<number> {
  const response = await page.request.get('/api/interactions/status');
  return ((await response.json()) as { state: { count: number } }).state.count;
}

test.beforeAll(async () => {
  truth = await exportTruth();
});

test.beforeEach(async ({ page }) => {
  // The index is built at start; wait until it holds every seeded interaction (a test below adds one).
  await expect.poll(() => indexedCount(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(truth.size);
});

const utcInput = (sec: number) => new Date(sec * 1000).toISOString().slice(0, 16);
const now = () => Math.floor(Date.now() / 1000);

async function search(
  page: Page,
  fields: { from: string; to: string; zone?: [string, RegExp]; customer?: string; agent?: string; interaction?: string },
) {
  await page.goto('/interactions?pageSize=500');
  await expect(page.getByLabel('From', { exact: true })).not.toHaveValue('');
  const [zoneSearch, zoneOption] = fields.zone ?? ['UTC', /\(UTC\)$/];
  await page.getByLabel('Timezone').fill(zoneSearch);
  await page.getByRole('option', { name: zoneOption }).click();
  await page.getByLabel('From', { exact: true }).fill(fields.from);
  await page.getByLabel('To', { exact: true }).fill(fields.to);
  if (fields.customer) await page.getByLabel('Customer address, phone or email').fill(fields.customer);
  if (fields.agent) await page.getByLabel('Agent name or employee id').fill(fields.agent);
  if (fields.interaction) await page.getByLabel('Interaction id').fill(fields.interaction);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText(/interactions on this page|No interaction matches/)).toBeVisible();
}

async function foundIds(page: Page): Promise<string[]> {
  const labels = await page
    .getByRole('checkbox', { name: /^Select interaction / })
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => l.replace('Select interaction ', ''));
}

const digits = (s: string) => s.replace(/\D/g, '');
const last31Days = () => ({ from: utcInput(now() - 31 * 86_400 + 3600), to: utcInput(now() + 3600) });

test('one customer number written three ways finds exactly its interactions, newest first', async ({ page }) => {
  const byCustomer = new Map<string, Truth[]>();
  for (const t of truth.values()) if (/^\d{11}$/.test(t.customer)) byCustomer.set(t.customer, [...(byCustomer.get(t.customer) ?? []), t]);
  const [phone, theirs] = [...byCustomer].sort((a, b) => b[1].length - a[1].length)[0]!;
  expect(theirs.length).toBeGreaterThan(2);
  const want = [...theirs].sort((a, b) => b.start - a.start).map((t) => t.guid);
  for (const written of [
    phone,
    `+${phone[0]} (${phone.slice(1, 4)}) ${phone.slice(4, 7)}-${phone.slice(7)}`,
    `${phone[0]}-${phone.slice(1, 4)}-${phone.slice(4, 7)}-${phone.slice(7)}`,
  ]) {
    await search(page, { ...last31Days(), customer: written });
    expect(await foundIds(page)).toEqual(want);
  }
  await expect(page.locator('table.interactions-table tbody tr').first()).toContainText(phone);
});

test("an agent by name finds exactly that agent's interactions", async ({ page }) => {
  const theirs = [...truth.values()].filter((t) => t.agents.some((a) => a.id === 'EMP10231'));
  await search(page, { ...last31Days(), agent: 'maria alvarez' });
  expect((await foundIds(page)).sort()).toEqual(theirs.map((t) => t.guid).sort());
  await expect(page.locator('table.interactions-table tbody tr').first()).toContainText('Alvarez, Maria (EMP10231)');
});

test('a one-day range in a zone other than UTC finds the interactions that started in it', async ({ page }) => {
  // Tokyo is UTC+09:00 all year: its day starts at 15:00 UTC the day before.
  const day = new Date((now() - 5 * 86_400) * 1000).toISOString().slice(0, 10);
  const fromSec = Date.parse(`${day}T00:00:00+09:00`) / 1000;
  const want = [...truth.values()].filter((t) => t.start >= fromSec && t.start < fromSec + 86_400).sort((a, b) => b.start - a.start);
  expect(want.length).toBeGreaterThan(0);
  const next = new Date((fromSec + 86_400 + 32_400) * 1000).toISOString().slice(0, 10);
  await search(page, { from: `${day}T00:00`, to: `${next}T00:00`, zone: ['Tokyo', /Tokyo/] });
  expect(await foundIds(page)).toEqual(want.map((t) => t.guid));
  const shown = new Date((want[0]!.start + 32_400) * 1000).toISOString().slice(0, 16).replace('T', ' ');
  await expect(page.locator('table.interactions-table tbody tr').first()).toContainText(`${shown} UTC(+09:00)`);
});

test('details link both ways: interaction to its recording, recording back to its interaction', async ({ page }) => {
  const recordings = storage().getContainerClient('recordings');
  let blob = '';
  for await (const b of recordings.listBlobsFlat({ prefix: 'mytenant/' })) {
    blob = b.name;
    break;
  }
  const guid = blob.slice('mytenant/'.length, blob.indexOf('_'));
  const t = truth.get(guid)!;
  // From the Recordings page's details panel to the interaction.
  await page.goto(`/recordings?prefix=mytenant%2F&name=${encodeURIComponent(guid)}`);
  await page.getByRole('button', { name: blob.slice('mytenant/'.length) }).click();
  await page.getByRole('link', { name: `Interaction ${guid}` }).click();
  const panel = page.getByRole('complementary', { name: 'Interaction details' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(t.chunk);
  await expect(panel).toContainText(t.row.INTERACTION_ID!);
  for (const [k, v] of Object.entries(t.row))
    await expect(panel.locator('div', { has: page.locator('dt', { hasText: new RegExp(`^${k}$`) }) })).toContainText(v);
  // And from the interaction to the recording's own panel (preview, download).
  await panel.getByRole('button', { name: blob.slice('mytenant/'.length) }).click();
  const blobPanel = page.getByRole('complementary', { name: 'Blob details' });
  await expect(blobPanel.getByRole('link', { name: 'Download' })).toBeVisible();
  await expect(blobPanel).toContainText(blob);
});

test('exports everything a search finds as one zip with a manifest that matches the export and the blobs', async ({ page }) => {
  const phone = [...truth.values()].find((t) => /^\d{11}$/.test(t.customer))!.customer;
  await search(page, { ...last31Days(), customer: phone });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export everything this search finds' }).click(),
  ]);
  await expect(page.getByText(/^Saved interactions-.*\.zip/)).toBeVisible();
  const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  const manifest = parseCsv(files['manifest.csv']!);
  const recordings = storage().getContainerClient('recordings');
  const want: string[] = [];
  for (const t of truth.values()) {
    if (digits(t.customer) !== phone) continue;
    for await (const b of recordings.listBlobsFlat({ prefix: `mytenant/${t.guid}_` })) want.push(b.name);
  }
  expect(want.length).toBeGreaterThan(0);
  expect(manifest.map((r) => r.blob_name).sort()).toEqual(want.sort());
  for (const r of manifest) {
    const t = truth.get(r.interaction_id!)!;
    expect(r.start_utc).toBe(new Date(t.start * 1000).toISOString().replace('.000Z', 'Z'));
    expect(r.end_utc).toBe(new Date(t.end * 1000).toISOString().replace('.000Z', 'Z'));
    expect(r.customer).toBe(t.customer);
    expect(r.employee_ids).toBe(t.agents.map((a) => a.id).join('; '));
    expect(r.export_chunk).toBe(t.chunk);
    // Every column the export gave for the interaction, as it gave it.
    for (const [column, value] of Object.entries(t.row)) expect(r[column], column).toBe(value);
    const props = await recordings.getBlobClient(r.blob_name!).getProperties();
    const bytes = files[r.blob_name!]!;
    expect(bytes.length).toBe(props.contentLength);
    expect(Number(r.size)).toBe(props.contentLength);
    expect(r.content_md5).toBe(createHash('md5').update(bytes).digest('base64'));
    expect(r.content_md5).toBe(Buffer.from(props.contentMD5!).toString('base64'));
    expect(r.stored_time).toBe((await recordings.getBlobClient(r.blob_name!).getTags()).tags.StoredTime);
  }
  // The search and the export are on the audit trail, with their criteria.
  await page.goto('/audit?action=interactions.export');
  await expect(page.locator('table tbody tr').first()).toContainText(phone);
  await page.goto('/audit?action=interactions.search');
  await expect(page.locator('table tbody tr').first()).toContainText(phone);
});

test('a corrupt chunk uploaded meanwhile is reported failed, and the chunk after it is still indexed', async ({ page }) => {
  const gim = storage().getContainerClient('gim-export');
  const hwm = Math.max(...[...truth.values()].map((t) => Number(/export_(\d+)_/.exec(t.chunk)?.[1])));
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-T:]/g, '_');
  const bad = `export_${hwm + 10}_${stamp}`;
  const good = `export_${hwm + 20}_${stamp}`;
  await gim.uploadBlockBlob(`${bad}/${bad}.zip`, 'PK but not really a zip at all', 30);
  const guid = `00E2ETEST${Date.now()}`;
  const start = now() - 3600;
  const csv = (rows: string[][]) => strToU8(rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
  const zip = zipSync({
    'INTERACTION_FACT.csv': csv([
      [
        'INTERACTION_ID',
        'MEDIA_SERVER_IXN_GUID',
        'SOURCE_ADDRESS',
        'TARGET_ADDRESS',
        'START_TS',
        'END_TS',
        'MEDIA_TYPE_KEY',
        'INTERACTION_TYPE_KEY',
      ],
      ['9999', guid, '15550109999', '18005550100', String(start), String(start + 90), '1', '1'],
    ]),
  });
  await gim.uploadBlockBlob(`${good}/${good}.zip`, zip, zip.length);
  await page.goto('/interactions');
  await page.getByRole('button', { name: 'Index now' }).click();
  await expect(page.getByText(/Indexed 1 interactions from 1 new chunks, 1 failed/)).toBeVisible({ timeout: 30_000 });
  await page.getByText(/export chunks? could not be read/).click();
  await expect(page.getByRole('listitem').filter({ hasText: bad })).toContainText('the zip is cut short (no end of central directory)');
  await expect(page.getByRole('status').filter({ hasText: `through ${good}` })).toBeVisible();
  await search(page, { ...last31Days(), customer: '+1 555 010 9999' });
  expect(await foundIds(page)).toEqual([guid]);
  await expect(page.locator('table.interactions-table tbody tr').first()).toContainText('no recording');
});

test.describe('as a viewer', () => {
  test.use({ storageState: E2E.viewerState });

  test('searches and exports, but cannot run the indexer', async ({ page }) => {
    const one = [...truth.values()].find((t) => /^\d{11}$/.test(t.customer))!;
    await search(page, { ...last31Days(), customer: one.customer });
    expect(await foundIds(page)).toContain(one.guid);
    await expect(page.getByRole('button', { name: 'Index now' })).toHaveCount(0);
    const exported = await page.request.post('/api/interactions/export', { data: { guids: [one.guid] } });
    expect([200, 404]).toContain(exported.status());
    expect((await page.request.post('/api/interactions/index', { data: { run: true } })).status()).toBe(403);
  });
});
