import 'server-only';
// The audit trail: an Azure Table (`consoleaudit`) in the tenant's own storage account, so every
// console process writes to one place and the console keeps no database of its own.
import { randomBytes } from 'node:crypto';
import { AzureNamedKeyCredential, TableClient, type TableEntityResult } from '@azure/data-tables';
import { env } from '../env';
import { logLine } from '../log';
import { timeoutPolicy } from '../storage/clients';
import { insertEntity } from './table-insert';
import { auditKeys, auditODataFilter, csvHeader, csvRow, scrub, type AuditEvent, type AuditFilter, type AuditRecord } from './records';

export const AUDIT_TABLE = 'consoleaudit';

type Entity = { at: string; user: string; role?: string; action: string; outcome: string; ip?: string; details?: string };

const globalForAudit = globalThis as unknown as {
  auditTable?: TableClient;
  auditReady?: Promise<void>;
  [PENDING_AUDIT_WRITES]?: Set<Promise<void>>;
};

/**
 * Where writes still in flight are kept, under a global name: some outlive their response (a zip's
 * end, a find recorded after it answered), and scripts/serve.mjs waits for them before the process
 * exits on SIGTERM.
 */
export const PENDING_AUDIT_WRITES = '__consolePendingAuditWrites';

function tracked(write: Promise<void>): Promise<void> {
  const pending = (globalForAudit[PENDING_AUDIT_WRITES] ??= new Set());
  pending.add(write);
  void write.then(
    () => pending.delete(write),
    () => pending.delete(write),
  );
  return write;
}

export function tableClient(name: string): TableClient {
  const { storage } = env();
  return new TableClient(storage.tableEndpoint, name, new AzureNamedKeyCredential(storage.accountName, storage.accountKey), {
    allowInsecureConnection: storage.tableEndpoint.startsWith('http:'),
    additionalPolicies: [{ policy: timeoutPolicy, position: 'perCall' }],
    retryOptions: { maxRetries: 1, retryDelayInMs: 200, maxRetryDelayInMs: 1_000 },
  });
}

/** Creates the table on first use; a failure is retried on the next call, not cached. */
export async function ensureTable(client: TableClient): Promise<void> {
  await client.createTable();
}

const globalForTables = globalThis as unknown as { consoleTables?: Map<string, Promise<TableClient>> };

/** One client per table and process, the table created on first use (a failure is tried again next time). */
export function readyTable(name: string): Promise<TableClient> {
  const tables = (globalForTables.consoleTables ??= new Map());
  let ready = tables.get(name);
  if (!ready) {
    ready = (async () => {
      const client = tableClient(name);
      await ensureTable(client);
      return client;
    })();
    ready.catch(() => tables.delete(name));
    tables.set(name, ready);
  }
  return ready;
}

function auditTable(): { client: TableClient; ready: Promise<void> } {
  globalForAudit.auditTable ??= tableClient(AUDIT_TABLE);
  const client = globalForAudit.auditTable;
  globalForAudit.auditReady ??= ensureTable(client).catch((error: unknown) => {
    globalForAudit.auditReady = undefined;
    throw error;
  });
  return { client, ready: globalForAudit.auditReady };
}

export class AuditWriteError extends Error {}

/** Writes one record. Throws AuditWriteError when it cannot: callers that must fail closed rely on it. */
export function recordAudit(event: AuditEvent, at = new Date()): Promise<void> {
  return tracked(writeAudit(event, at));
}

async function writeAudit(event: AuditEvent, at: Date): Promise<void> {
  const entity: Entity = {
    at: at.toISOString(),
    user: event.user.slice(0, 256),
    role: event.role,
    action: event.action,
    outcome: event.outcome,
    ip: event.ip?.slice(0, 64),
    details: event.details ? scrub(JSON.stringify(event.details)).slice(0, 30_000) : undefined,
  };
  try {
    await auditTable().ready;
    await insertEntity(AUDIT_TABLE, { ...auditKeys(at, randomBytes(4).toString('hex')), ...entity });
  } catch (error) {
    throw new AuditWriteError(`The audit trail could not be written (${error instanceof Error ? error.name : 'error'}).`);
  }
}

/** For events that must not block the user (sign-in, downloads): a lost record is reported in the server log. */
export async function recordAuditBestEffort(event: AuditEvent): Promise<void> {
  try {
    await recordAudit(event);
  } catch (error) {
    logLine('error', 'audit', 'an audit record could not be written', {
      action: event.action,
      user: event.user,
      error: (error as Error).message,
    });
  }
}

function toRecord(e: TableEntityResult<Entity>): AuditRecord {
  let details: Record<string, unknown> | undefined;
  try {
    details = e.details ? (JSON.parse(e.details) as Record<string, unknown>) : undefined;
  } catch {
    details = { raw: e.details };
  }
  return {
    id: `${e.partitionKey}/${e.rowKey}`,
    at: e.at,
    user: e.user,
    role: e.role,
    action: e.action as AuditRecord['action'],
    outcome: e.outcome as AuditRecord['outcome'],
    ip: e.ip,
    details,
  };
}

/**
 * One page of records, newest first. Azure Tables may end a page early (at every partition, here a
 * month, or after five seconds of scanning), so pages are joined until this one is full, within a bound.
 */
export async function queryAudit(filter: AuditFilter, opts: { pageSize: number; continuationToken?: string }) {
  const { client, ready } = auditTable();
  await ready;
  const records: AuditRecord[] = [];
  let token = opts.continuationToken || undefined;
  for (let round = 0; round < 24; round++) {
    const page = await client
      .listEntities<Entity>({ queryOptions: { filter: auditODataFilter(filter) } })
      .byPage({ maxPageSize: opts.pageSize - records.length, continuationToken: token })
      .next();
    if (page.done) {
      token = undefined;
      break;
    }
    records.push(...page.value.map(toRecord));
    token = page.value.continuationToken;
    if (!token || records.length >= opts.pageSize) break;
  }
  return { records, continuationToken: token };
}

/** Every record matching the filter, page by page (for the CSV export), at most `limit`. */
export async function* allAudit(filter: AuditFilter, limit: number): AsyncGenerator<AuditRecord> {
  const { client, ready } = auditTable();
  await ready;
  let count = 0;
  for await (const page of client
    .listEntities<Entity>({ queryOptions: { filter: auditODataFilter(filter) } })
    .byPage({ maxPageSize: 1000 })) {
    for (const e of page) {
      if (count++ >= limit) return;
      yield toRecord(e);
    }
  }
}

const EXPORT_LIMIT = 100_000;

/** The filtered records as CSV (at most EXPORT_LIMIT), read from the table as the client takes them. */
export function auditCsvStream(filter: AuditFilter): ReadableStream<Uint8Array> {
  const records = allAudit(filter, EXPORT_LIMIT);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHeader()));
    },
    async pull(controller) {
      try {
        const next = await records.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvRow(next.value)));
      } catch {
        controller.error(new Error('The audit trail could not be read to the end.'));
      }
    },
    async cancel() {
      await records.return(undefined);
    },
  });
}
