import 'server-only';
// The interactions index's tables: `gimindex` (the buckets of every access path, and beside them the
// state: how far it has read, its last run, the failed chunks, the dimension rows) and
// `gimrecords` (the interactions' records, with every field the export gave, packed by day and
// chunk, and the id packs that find them: record-packs.ts).
import { AzureNamedKeyCredential, TableClient, type TransactionAction } from '@azure/data-tables';
import { ensureTable, tableClient } from '../audit/store';
import { env } from '../env';
import { mapLimit } from '../concurrency';
import { COUNT_ROW } from './buckets';

export const INDEX_TABLE = 'gimindex';
/** The interactions' records, apart from the buckets: on the emulator every query reads its whole table. */
export const RECORDS_TABLE = 'gimrecords';
const META = 'meta';
const STATE_ROW = 'state';
const FAILED = 'failed';
const DIM = 'dim';

export type IndexState = {
  /** The last chunk read (done or failed), its order key and date. */
  watermark?: string;
  watermarkOrder?: string;
  watermarkDate?: string;
  /** Counted from the days' count rows, never stored. */
  count: number;
  lastRunAt?: string;
  lastRunOutcome?: 'ok' | 'failed' | 'busy';
  lastRunMessage?: string;
};

export type FailedChunk = { chunk: string; reason: string; at: string };
type Keyed = { partitionKey: string; rowKey: string };
type Entity = Keyed & Record<string, unknown>;

/**
 * Not the pages' client with its 3.5 s limit: an entity-group transaction of 100 on a busy emulator
 * can take longer, and the indexer is a background job that should wait rather than fail a chunk.
 */
const INDEX_TIMEOUT_MS = 30_000;

function indexClient(name: string): TableClient {
  const { storage } = env();
  return new TableClient(storage.tableEndpoint, name, new AzureNamedKeyCredential(storage.accountName, storage.accountKey), {
    allowInsecureConnection: storage.tableEndpoint.startsWith('http:'),
    additionalPolicies: [
      {
        policy: { name: 'gimIndexTimeout', sendRequest: (request, next) => ((request.timeout ||= INDEX_TIMEOUT_MS), next(request)) },
        position: 'perCall',
      },
    ],
    retryOptions: { maxRetries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 5_000 },
  });
}

type Clients = { pages: TableClient; indexer: TableClient; ready?: Promise<void> };
const globalForIndex = globalThis as unknown as { gimTables?: Record<string, Clients> };

async function clients(name: string, use: 'pages' | 'indexer'): Promise<TableClient> {
  const all = (globalForIndex.gimTables ??= {});
  const c = (all[name] ??= { pages: tableClient(name), indexer: indexClient(name) });
  c.ready ??= ensureTable(c.indexer).catch((error: unknown) => {
    c.ready = undefined;
    throw error;
  });
  await c.ready;
  return c[use];
}

/** The buckets' table, for the pages (the console's usual 3.5 s limit) or for the indexer's writes (30 s). */
export const indexTable = (use: 'pages' | 'indexer' = 'pages') => clients(INDEX_TABLE, use);
/** The records' table (interactions by id). */
export const recordsTable = (use: 'pages' | 'indexer' = 'pages') => clients(RECORDS_TABLE, use);

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}

export async function getEntity<T extends object>(pk: string, rk: string, table?: TableClient): Promise<(T & Keyed) | undefined> {
  table ??= await indexTable();
  try {
    return (await table.getEntity<T>(pk, rk)) as T & Keyed;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The days the index holds (up to `upToDay`, YYYY-MM-DD), each with its interaction count. */
export async function indexedDays(upToDay?: string): Promise<{ day: string; count: number }[]> {
  const table = await indexTable();
  const filter = `PartitionKey ge 'd|' and PartitionKey le 'd|${upToDay ?? '~'}' and RowKey eq '${COUNT_ROW}'`;
  const out: { day: string; count: number }[] = [];
  for await (const e of table.listEntities<{ n: number }>({ queryOptions: { filter, select: ['PartitionKey', 'n'] } }))
    out.push({ day: (e.partitionKey ?? '').slice(2), count: e.n });
  return out;
}

export async function readState(): Promise<IndexState> {
  const [e, days] = await Promise.all([getEntity<IndexState>(META, STATE_ROW), indexedDays()]);
  return {
    watermark: e?.watermark,
    watermarkOrder: e?.watermarkOrder,
    watermarkDate: e?.watermarkDate,
    count: days.reduce((n, d) => n + d.count, 0),
    lastRunAt: e?.lastRunAt,
    lastRunOutcome: e?.lastRunOutcome,
    lastRunMessage: e?.lastRunMessage,
  };
}

export async function writeState(state: IndexState): Promise<void> {
  const table = await indexTable('indexer');
  const { count: _counted, ...stored } = state;
  await table.upsertEntity({ partitionKey: META, rowKey: STATE_ROW, ...stored }, 'Replace');
}

export async function markFailed(chunk: string, reason: string): Promise<void> {
  const table = await indexTable('indexer');
  await table.upsertEntity(
    { partitionKey: FAILED, rowKey: chunk, reason: reason.slice(0, 2_000), at: new Date().toISOString() },
    'Replace',
  );
}

export async function failedChunks(limit = 20): Promise<FailedChunk[]> {
  const out: FailedChunk[] = [];
  for (const e of await readPartition<{ reason: string; at: string }>(await indexTable(), FAILED))
    out.push({ chunk: e.rowKey, reason: e.reason, at: e.at });
  return out.sort((a, b) => (a.chunk < b.chunk ? 1 : -1)).slice(0, limit);
}

/** Dimension rows seen in earlier chunks (exports send a dimension row when it changes). */
export async function readDims(): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (const e of await readPartition<{ r: string }>(await indexTable(), DIM)) out.set(e.rowKey, JSON.parse(e.r) as Record<string, string>);
  return out;
}

export async function writeDims(rows: Map<string, Record<string, string>>): Promise<void> {
  const upserts = [...rows].map(([rk, r]) => ({ partitionKey: DIM, rowKey: rk, r: JSON.stringify(r) }));
  await writeBatches(await indexTable('indexer'), { upserts });
}

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** Every entity of one partition, or of its row keys in [ge, lt). */
export async function readPartition<T extends object>(
  table: TableClient,
  partitionKey: string,
  rows?: { ge: string; lt: string },
): Promise<(T & Keyed)[]> {
  const out: (T & Keyed)[] = [];
  const filter = `PartitionKey eq ${quote(partitionKey)}${rows ? ` and RowKey ge ${quote(rows.ge)} and RowKey lt ${quote(rows.lt)}` : ''}`;
  for await (const e of table.listEntities<T>({ queryOptions: { filter } })) out.push(e as T & Keyed);
  return out;
}

// An entity-group transaction holds at most 100 operations and 4 MiB; strings count twice (UTF-16).
const BATCH_OPS = 100;
const BATCH_CHARS = 1_500_000;

function sizeOf(e: Keyed): number {
  let n = 64;
  for (const v of Object.values(e)) n += typeof v === 'string' ? v.length : 16;
  return n;
}

/**
 * Upserts (Replace) and deletes in entity-group transactions (one partition each), several
 * partitions at once. A delete of an entity already gone fails its whole transaction: that one is
 * then done call by call, the delete counting as done.
 */
export async function writeBatches(
  table: TableClient,
  ops: { upserts?: readonly Entity[]; deletes?: readonly Keyed[] },
  concurrency = 8,
): Promise<void> {
  const byPartition = new Map<string, Map<string, TransactionAction>>();
  const add = (k: Keyed, action: TransactionAction) => {
    const rows = byPartition.get(k.partitionKey) ?? new Map<string, TransactionAction>();
    rows.set(k.rowKey, action); // a row twice in one batch is refused: the last one wins
    byPartition.set(k.partitionKey, rows);
  };
  for (const k of ops.deletes ?? []) add(k, ['delete', { partitionKey: k.partitionKey, rowKey: k.rowKey }]);
  for (const e of ops.upserts ?? []) add(e, ['upsert', e, 'Replace']);
  const batches: TransactionAction[][] = [];
  for (const rows of byPartition.values()) {
    let batch: TransactionAction[] = [];
    let chars = 0;
    for (const action of rows.values()) {
      const size = sizeOf(action[1] as Keyed);
      if (batch.length && (batch.length === BATCH_OPS || chars + size > BATCH_CHARS)) {
        batches.push(batch);
        batch = [];
        chars = 0;
      }
      batch.push(action);
      chars += size;
    }
    if (batch.length) batches.push(batch);
  }
  await mapLimit(batches, concurrency, async (batch) => {
    if (batch.length > 1) {
      try {
        return void (await table.submitTransaction(batch));
      } catch (error) {
        if (!isNotFound(error) || !batch.some((a) => a[0] === 'delete')) throw error;
      }
    }
    for (const [kind, e] of batch) {
      if (kind === 'upsert') await table.upsertEntity(e as Entity, 'Replace');
      else
        await table.deleteEntity(e.partitionKey, e.rowKey).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
    }
  });
}
