import 'server-only';
// Whether this console can serve: the blob and table services answer, and accept the account key
// (both checks are signed requests). Each within READY_WITHIN_MS, outside the storage queue (a
// busy console is still ready); a failing part is named only as "storage" or "tables".
import { TableServiceClient, AzureNamedKeyCredential } from '@azure/data-tables';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { env } from './env';
import { logLine } from './log';

export const READY_WITHIN_MS = 1_500;

const globalForReady = globalThis as unknown as { readyClients?: { blob: BlobServiceClient; table: TableServiceClient } };

function clients() {
  if (!globalForReady.readyClients) {
    const { storage } = env();
    globalForReady.readyClients = {
      blob: new BlobServiceClient(storage.blobEndpoint, new StorageSharedKeyCredential(storage.accountName, storage.accountKey), {
        retryOptions: { maxTries: 1 },
      }),
      table: new TableServiceClient(storage.tableEndpoint, new AzureNamedKeyCredential(storage.accountName, storage.accountKey), {
        allowInsecureConnection: storage.tableEndpoint.startsWith('http:'),
        retryOptions: { maxRetries: 0 },
      }),
    };
  }
  return globalForReady.readyClients;
}

export type Readiness = { ready: true } | { ready: false; failing: ('storage' | 'tables')[] };

async function within(
  part: 'storage' | 'tables',
  check: (signal: AbortSignal) => Promise<unknown>,
): Promise<'storage' | 'tables' | undefined> {
  try {
    await check(AbortSignal.timeout(READY_WITHIN_MS));
    return undefined;
  } catch (error) {
    logLine('warn', 'ready', `${part} did not answer the readiness check`, { error: (error as Error).name });
    return part;
  }
}

const globalForCheck = globalThis as unknown as { readyCheck?: { result: Promise<Readiness>; at: number } };
/** One check answers every probe for this long, so anonymous probes cannot multiply storage calls. */
const READY_CACHE_MS = 1_000;

export function readiness(): Promise<Readiness> {
  const last = globalForCheck.readyCheck;
  if (last && Date.now() - last.at < READY_CACHE_MS) return last.result;
  const result = checkNow();
  globalForCheck.readyCheck = { result, at: Date.now() };
  return result;
}

async function checkNow(): Promise<Readiness> {
  const { blob, table } = clients();
  const failing = (
    await Promise.all([
      within('storage', (abortSignal) => blob.getProperties({ abortSignal })),
      within('tables', (abortSignal) => table.getProperties({ abortSignal })),
    ])
  ).filter((p): p is 'storage' | 'tables' => Boolean(p));
  return failing.length ? { ready: false, failing } : { ready: true };
}
