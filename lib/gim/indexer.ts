import 'server-only';
// The indexer: reads the export chunks after the watermark in order, one console process at a
// time (a blob lease is the lock), and applies each chunk to the days its interactions started on
// (apply-days.ts). A chunk that cannot be read is marked failed with its reason and skipped; a
// storage failure stops the run without moving the watermark, so the next run tries again (writes
// are idempotent).
import { BlobServiceClient, StorageSharedKeyCredential, type BlobLeaseClient } from '@azure/storage-blob';
import { env } from '../env';
import { ensureLockBlob } from '../storage/lock-blob';
import { parseChunkName, sortChunks, type ChunkName } from './keys';
import type { GimMapping } from './mapping';
import { ChunkError, readChunk, type Dimensions, type ParsedChunk } from './read-chunk';
import { applyDays, type DayChanges, type HeldDays } from './apply-days';
import { paths } from './keys';
import { recordsOf } from './records';
import { pruneBefore } from './prune';
import { markFailed, readDims, readState, writeDims, writeState, type IndexState } from './store';

export { LOCK_CONTAINER } from '../storage/lock-blob';
export const LOCK_BLOB = 'gim-indexer';
const LEASE_SECONDS = 60;

export type RunResult = { outcome: 'ok' | 'failed' | 'busy'; chunks: number; failed: number; rows: number; message?: string };

// Not the console's gated client: a chunk may take longer to download than one API call may.
function plainService(): BlobServiceClient {
  const { storage } = env();
  return new BlobServiceClient(storage.blobEndpoint, new StorageSharedKeyCredential(storage.accountName, storage.accountKey));
}

async function acquire(service: BlobServiceClient): Promise<BlobLeaseClient | undefined> {
  const blob = await ensureLockBlob(service, LOCK_BLOB);
  const lease = blob.getBlobLeaseClient();
  try {
    await lease.acquireLease(LEASE_SECONDS);
    return lease;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 409) return undefined;
    throw error;
  }
}

/** The chunks in order, each with its zip's size (a small one is read ahead while the one before is written). */
export async function listChunks(service: BlobServiceClient, m: GimMapping): Promise<(ChunkName & { bytes?: number })[]> {
  const names: (ChunkName & { bytes?: number })[] = [];
  for await (const b of service.getContainerClient(m.exportContainer).listBlobsFlat({ prefix: `${m.exportPrefix}export_` })) {
    const parsed = parseChunkName(b.name, m.exportPrefix);
    if (parsed) names.push({ ...parsed, bytes: b.properties.contentLength });
  }
  return sortChunks(names);
}

/**
 * A zip up to this size is downloaded and parsed while the chunk before it is written (the
 * emulator's work and the indexer's then overlap); a larger one waits its turn, so at most one
 * large chunk is held at a time.
 */
const READ_AHEAD_BYTES = 1024 * 1024;

type Read = { parsed: ParsedChunk } | { error: unknown };

function readOne(service: BlobServiceClient, chunk: ChunkName, m: GimMapping): Promise<Read> {
  return service
    .getContainerClient(m.exportContainer)
    .getBlobClient(chunk.blob)
    .download(0)
    .then((download) => readChunk(download.readableStreamBody as AsyncIterable<Uint8Array>, m))
    .then(
      (parsed) => ({ parsed }),
      (error: unknown) => ({ error }),
    );
}

const dimKey = (kind: keyof Dimensions, key: string) => `${kind}|${key}`;

/** Indexes one chunk, read; returns how many interactions it held. */
async function indexChunk(
  read: Read,
  chunk: ChunkName,
  m: GimMapping,
  stored: Map<string, Record<string, string>>,
  held: HeldDays,
): Promise<number> {
  if ('error' in read) throw read.error;
  const { parsed } = read;
  // This chunk's dimension rows over those seen before.
  const dims: Dimensions = { resource: new Map(), media: new Map(), type: new Map() };
  const changed = new Map<string, Record<string, string>>();
  for (const kind of ['resource', 'media', 'type'] as const) {
    for (const [k, row] of stored) if (k.startsWith(`${kind}|`)) dims[kind].set(k.slice(kind.length + 1), row);
    for (const [k, row] of parsed.dims[kind]) {
      dims[kind].set(k, row);
      if (JSON.stringify(stored.get(dimKey(kind, k))) !== JSON.stringify(row)) changed.set(dimKey(kind, k), row);
    }
  }
  if (changed.size) {
    await writeDims(changed);
    for (const [k, row] of changed) stored.set(k, row);
  }
  const byDay = new Map<string, Required<Omit<DayChanges, 'removals'>>>();
  for (const { fields, order, ...summary } of recordsOf(parsed, chunk, dims, m)) {
    const day = paths.day(summary.startSec).partitionKey;
    const c = byDay.get(day) ?? { upserts: [], fields: new Map<string, Record<string, string>>() };
    c.upserts.push({ ...summary, order });
    c.fields.set(summary.guid, fields);
    byDay.set(day, c);
  }
  await applyDays(byDay, held);
  return parsed.interactions.size;
}

/** One run: resume after the watermark, index chunk by chunk, then prune what retention removed. */
export async function runIndexer(opts: { now?: Date; log?: (message: string) => void } = {}): Promise<RunResult> {
  const log = opts.log ?? ((message: string) => console.log(`[index] ${message}`));
  const { gim, retentionDays } = env();
  const m = gim.mapping;
  const service = plainService();
  const lease = await acquire(service);
  if (!lease) return { outcome: 'busy', chunks: 0, failed: 0, rows: 0, message: 'another console process is indexing' };
  let lost = false;
  const renew = setInterval(() => void lease.renewLease().catch(() => (lost = true)), (LEASE_SECONDS / 3) * 1000);
  const state: IndexState = await readState();
  const result: RunResult = { outcome: 'ok', chunks: 0, failed: 0, rows: 0 };
  try {
    const stored = await readDims();
    const chunks = (await listChunks(service, m)).filter((c) => !state.watermarkOrder || c.order > state.watermarkOrder);
    let ahead: Promise<Read> | undefined;
    const held: HeldDays = new Map();
    for (const [i, chunk] of chunks.entries()) {
      if (lost) throw new Error('the indexer lost its lease');
      const read = await (ahead ?? readOne(service, chunk, m));
      const next = chunks[i + 1];
      ahead = next && (next.bytes ?? Infinity) <= READ_AHEAD_BYTES ? readOne(service, next, m) : undefined;
      try {
        result.rows += await indexChunk(read, chunk, m, stored, held);
        result.chunks++;
      } catch (error) {
        if (!(error instanceof ChunkError)) throw error;
        result.failed++;
        log(`chunk ${chunk.folder} failed and is skipped: ${error.message}`);
        await markFailed(chunk.folder, error.message);
      }
      Object.assign(state, { watermark: chunk.folder, watermarkOrder: chunk.order, watermarkDate: chunk.date });
      await writeState(state);
    }
    const pruned = await pruneBefore(new Date((opts.now ?? new Date()).getTime() - retentionDays * 86_400_000));
    if (result.chunks || result.failed || pruned)
      log(
        `indexed ${result.rows} interactions from ${result.chunks} chunks (${result.failed} failed), pruned ${pruned}; ${(await readState()).count} in the index`,
      );
  } catch (error) {
    result.outcome = 'failed';
    result.message = error instanceof Error ? error.message : String(error);
    log(`run stopped: ${result.message}`);
  } finally {
    clearInterval(renew);
    await lease.releaseLease().catch(() => undefined);
  }
  state.lastRunAt = new Date().toISOString();
  state.lastRunOutcome = result.outcome;
  state.lastRunMessage = result.message ?? (result.failed ? `${result.failed} chunk${result.failed === 1 ? '' : 's'} failed` : undefined);
  await writeState(state).catch(() => undefined);
  return result;
}

/** Runs now and every INDEX_INTERVAL_MINUTES; a run still going when the next is due is not doubled. */
export function scheduleIndexer(log?: (message: string) => void): () => void {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    running ??= runIndexer({ log })
      .catch((error: unknown) => log?.(`run failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (running = undefined));
  };
  tick();
  const timer = setInterval(tick, env().gim.intervalMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
