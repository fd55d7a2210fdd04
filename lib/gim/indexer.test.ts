// The indexer and the search against a real Azurite: seeded export, watermark, idempotence, last
// wins, bad chunks, the lease, retention.
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoInteractions, exportChunks, type DemoInteraction } from '../demo/gim-export';
import { demoRecordings } from '../demo/recordings';
import { seedDemoData } from '../demo/seed';
import { startAzurite, type TestAzurite } from '../testing/azurite';
import { normalizeAddress } from './keys';
import { planSearch } from './search-plan';
import type { InteractionSearch } from '../validations/interactions';

const TENANT = 'mytenant';
const NOW = new Date('2026-11-29T12:00:00.000Z');
const COUNT = 80;
let azurite: TestAzurite | undefined;
let service: BlobServiceClient;
let truth: Map<string, DemoInteraction>;

type Indexer = typeof import('./indexer');
type Search = typeof import('./search');
type Store = typeof import('./store');
let indexer: Indexer;
let search: Search;
let store: Store;

beforeAll(async () => {
  azurite = await startAzurite();
  process.env.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.STORAGE_EMBEDDED = '1';
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  await seedDemoData(service, { tenant: TENANT, count: COUNT, now: NOW });
  // Ground truth the way a reader of the CSVs gets it: the last row of each interaction wins.
  truth = new Map();
  for (const chunk of exportChunks(
    demoInteractions(demoRecordings({ tenant: TENANT, anchor: NOW, count: COUNT }), { tenant: TENANT, anchor: NOW }),
    { anchor: NOW },
  )) {
    for (const i of chunk.interactions) truth.set(i.guid, i);
  }
  [indexer, search, store] = await Promise.all([import('./indexer'), import('./search'), import('./store')]);
}, 30_000);

afterAll(async () => {
  await azurite?.stop();
});

/** The records table's entities, keys and properties (not their timestamps). */
async function recordsTable() {
  const out: Record<string, unknown>[] = [];
  for await (const { timestamp: _t, etag: _e, ...e } of (await store.recordsTable()).listEntities()) out.push(e);
  return out;
}

const everything: InteractionSearch = { from: '', to: '', zone: 'UTC', customer: '', agent: '', interaction: '', media: '', direction: '' };
const range = { fromSec: Math.floor(NOW.getTime() / 1000) - 31 * 86_400, toSec: Math.floor(NOW.getTime() / 1000) };

async function all(q: Partial<InteractionSearch>, pageSize = 50) {
  const out = [];
  const agents = q.agent ? await search.resolveAgents(q.agent) : [];
  for await (const s of search.allMatches(planSearch({ ...everything, ...q }, range, agents), 10_000)) out.push(s);
  // A small page size too, to cross pages and day partitions.
  let continuation = '';
  const paged = [];
  do {
    const page = await search.searchIndex(planSearch({ ...everything, ...q }, range, agents), { pageSize, continuation });
    expect(page.items.length).toBeLessThanOrEqual(pageSize);
    paged.push(...page.items);
    continuation = page.continuation ?? '';
  } while (continuation);
  expect(paged.map((s) => s.guid)).toEqual(out.map((s) => s.guid));
  return out;
}

describe('the interactions indexer', () => {
  it('indexes every chunk in order, and a second run finds nothing new', async () => {
    const first = await indexer.runIndexer({ now: NOW, log: () => {} });
    expect(first).toMatchObject({ outcome: 'ok', failed: 0 });
    const state = await store.readState();
    expect(state.count).toBe(truth.size);
    expect(state.watermark).toMatch(/^export_\d+_/);
    expect((await indexer.runIndexer({ now: NOW, log: () => {} })).chunks).toBe(0);
  }, 60_000);

  it('finds by day, newest first, with the last END_TS of a repeated interaction', async () => {
    const found = await all({}, 7);
    expect(found.map((s) => s.guid).sort()).toEqual([...truth.keys()].sort());
    for (let i = 1; i < found.length; i++) expect(found[i - 1]!.startSec).toBeGreaterThanOrEqual(found[i]!.startSec);
    for (const s of found) expect(s.endSec).toBe(truth.get(s.guid)?.endSec);
  }, 30_000);

  it('finds each record by id alone and from its summary, the later chunk winning, with every export field', async () => {
    const { recordOf } = await import('./record-store');
    const chunksOf = new Map<string, string[]>();
    const { demoInteractions, exportChunks } = await import('../demo/gim-export');
    for (const c of exportChunks(
      demoInteractions(demoRecordings({ tenant: TENANT, anchor: NOW, count: COUNT }), { tenant: TENANT, anchor: NOW }),
      {
        anchor: NOW,
      },
    ))
      for (const i of c.interactions) chunksOf.set(i.guid, [...(chunksOf.get(i.guid) ?? []), c.folder]);
    const repeated = [...chunksOf].filter(([, c]) => c.length > 1);
    expect(repeated.length).toBeGreaterThan(0);
    for (const s of await all({})) {
      const byId = await search.interactionRecord(s.guid);
      expect(byId).toMatchObject({ ...s, endSec: truth.get(s.guid)!.endSec, chunk: chunksOf.get(s.guid)!.at(-1) });
      expect(byId!.fields.MEDIA_SERVER_IXN_GUID).toBe(s.guid);
      expect(Number(byId!.fields.END_TS)).toBe(truth.get(s.guid)!.endSec);
      expect(await recordOf(s)).toEqual(byId);
    }
    expect(await search.interactionRecord('00NOSUCHINTERACTION')).toBeUndefined();
  }, 60_000);

  it('finds a customer however the number is written, an agent by name or id, and filters media and direction', async () => {
    const phone = [...truth.values()].find((i) => i.media === 'VOICE')!.customer;
    const want = [...truth.values()]
      .filter((i) => normalizeAddress(i.customer) === phone)
      .map((i) => i.guid)
      .sort();
    const written = `+${phone[0]} (${phone.slice(1, 4)}) ${phone.slice(4, 7)}-${phone.slice(7)}`;
    expect((await all({ customer: written }, 2)).map((s) => s.guid).sort()).toEqual(want);
    const agentKey = [...truth.values()][0]!.agentKey;
    const byAgent = [...truth.values()]
      .filter((i) => i.agentKey === agentKey)
      .map((i) => i.guid)
      .sort();
    const { AGENTS } = await import('../demo/gim-export');
    const agent = AGENTS.find((a) => a.key === agentKey)!;
    expect((await all({ agent: `${agent.first} ${agent.last}` })).map((s) => s.guid).sort()).toEqual(byAgent);
    expect((await all({ agent: agent.employeeId.toLowerCase() })).map((s) => s.guid).sort()).toEqual(byAgent);
    expect((await all({ agent: `${agent.last}, ${agent.first}` })).map((s) => s.guid).sort()).toEqual(byAgent);
    expect((await all({ agent: agent.login })).map((s) => s.guid).sort()).toEqual(byAgent);
    expect(await all({ agent: 'Nobody Atall' })).toEqual([]);
    const chats = [...truth.values()]
      .filter((i) => i.media === 'CHAT' && i.direction === 'INBOUND')
      .map((i) => i.guid)
      .sort();
    expect((await all({ media: 'CHAT', direction: 'INBOUND' })).map((s) => s.guid).sort()).toEqual(chats);
    const one = [...truth.values()][3]!;
    expect((await all({ interaction: one.guid })).map((s) => s.guid)).toEqual([one.guid]);
  }, 30_000);

  it('indexing every chunk again changes nothing', async () => {
    const before = await all({});
    const records = await recordsTable();
    const state = await store.readState();
    await store.writeState({ ...state, watermark: undefined, watermarkOrder: undefined });
    await indexer.runIndexer({ now: NOW, log: () => {} });
    expect(await all({})).toEqual(before);
    expect(await recordsTable()).toEqual(records);
    expect((await store.readState()).count).toBe(state.count);
  }, 60_000);

  it('marks a bad chunk failed with its reason, and indexes the next one', async () => {
    const gim = service.getContainerClient('gim-export');
    const bad = 'export_99000001_2026_11_29_12_30_00';
    const good = 'export_99000002_2026_11_29_12_40_00';
    await gim.uploadBlockBlob(`${bad}/${bad}.zip`, 'this is not a zip', 17);
    const { chunkZip } = await import('../demo/gim-export');
    const extra = {
      ...[...truth.values()][0]!,
      guid: '00EXTRAINTERACTION0000000000001',
      id: '42',
      startSec: range.toSec - 600,
      endSec: range.toSec - 300,
    };
    const zip = chunkZip({ folder: good, runAt: NOW, interactions: [extra] });
    await gim.uploadBlockBlob(`${good}/${good}.zip`, zip, zip.length);
    const logs: string[] = [];
    const run = await indexer.runIndexer({ now: NOW, log: (m) => logs.push(m) });
    expect(run).toMatchObject({ outcome: 'ok', chunks: 1, failed: 1 });
    expect(logs.join('\n')).toContain(`chunk ${bad} failed and is skipped: the chunk is not a zip file`);
    expect(await store.failedChunks()).toEqual([{ chunk: bad, reason: 'the chunk is not a zip file', at: expect.any(String) }]);
    expect((await all({ interaction: extra.guid })).length).toBe(1);
    expect((await store.readState()).watermark).toBe(good);
  }, 60_000);

  it('runs in one process at a time: a held lease means busy', async () => {
    const lease = service.getContainerClient(indexer.LOCK_CONTAINER).getBlobClient(indexer.LOCK_BLOB).getBlobLeaseClient();
    await lease.acquireLease(15);
    expect((await indexer.runIndexer({ now: NOW, log: () => {} })).outcome).toBe('busy');
    await lease.releaseLease();
  });

  it('prunes part of a day from the records and the id packs too', async () => {
    const { idsIn, recordsIn } = await import('./record-packs');
    const before = await all({});
    const starts = before.map((i) => i.startSec).sort((a, b) => a - b);
    // Mid-day, so the cutoff's day keeps some interactions and loses others.
    const cutoff = Math.floor(starts[Math.floor(starts.length / 2)]! / 86_400) * 86_400 + 43_200;
    const kept = before.filter((i) => i.startSec >= cutoff).map((i) => i.guid);
    const gone = before.filter((i) => i.startSec < cutoff).map((i) => i.guid);
    expect(kept.length * gone.length).toBeGreaterThan(0);
    await indexer.runIndexer({ now: new Date((cutoff + 30 * 86_400) * 1000), log: () => {} });
    expect((await all({})).map((s) => s.guid).sort()).toEqual(kept.sort());
    const inRecords = new Set<string>();
    for (const e of await recordsTable())
      for (const guid of String(e.partitionKey).startsWith('ids|') ? idsIn(e) : recordsIn(e).map((r) => r.guid)) inRecords.add(guid);
    expect([...inRecords].sort()).toEqual(kept.sort());
    expect(await search.interactionRecord(gone[0]!)).toBeUndefined();
    expect((await search.interactionRecord(kept[0]!))?.guid).toBe(kept[0]);
  }, 60_000);

  it('prunes interactions older than RETENTION_DAYS with all their access paths', async () => {
    const later = new Date(NOW.getTime() + 45 * 86_400_000);
    await indexer.runIndexer({ now: later, log: () => {} });
    expect((await store.readState()).count).toBe(0);
    expect(await all({})).toEqual([]);
    const left = [];
    for await (const e of (await store.indexTable()).listEntities())
      if (!['meta', 'dim', 'failed'].includes(e.partitionKey ?? '')) left.push(e.partitionKey);
    for await (const e of (await store.recordsTable()).listEntities()) left.push(e.partitionKey);
    expect(left).toEqual([]);
  }, 60_000);
});
