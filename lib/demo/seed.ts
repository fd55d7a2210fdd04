import 'server-only';
import { createHash } from 'node:crypto';
import { RestError, type BlobServiceClient, type BlockBlobUploadOptions, type ContainerClient } from '@azure/storage-blob';
import { demoInteractions, exportChunks, gimExportFiles } from './gim-export';
import { demoBlobBytes, demoRecordings } from './recordings';

export const RECORDINGS_CONTAINER = 'recordings';
export const GIM_EXPORT_CONTAINER = 'gim-export';
export const ANCHOR_METADATA_KEY = 'demoseedanchor';

type Stats = { created: number; skipped: number };
type Upload = {
  container: ContainerClient;
  name: string;
  body: () => Buffer;
  options: BlockBlobUploadOptions;
  existing: ReadonlySet<string>;
  stats: Stats;
};

/**
 * Reads the recorded anchor, or records `now` as the anchor when there is none.
 *
 * The marker is written BEFORE any upload: it means "this anchor was chosen", not "seeding
 * finished". Written afterwards, a crash mid-way would leave a partial data set and the next run
 * would pick a new anchor, i.e. a second, differently named set next to the first (and we never
 * delete). Written first, a re-run regenerates identical names and only fills the gaps.
 */
async function resolveAnchor(recordings: ContainerClient, now: Date): Promise<{ anchor: Date; reused: boolean }> {
  const { metadata = {} } = await recordings.getProperties();
  const stored = metadata[ANCHOR_METADATA_KEY];
  if (stored !== undefined) {
    const anchor = new Date(stored);
    // A recorded but unreadable anchor must stop us: a fresh one would seed a second data set.
    if (Number.isNaN(anchor.getTime())) throw new Error(`container metadata ${ANCHOR_METADATA_KEY}="${stored}" is not a date`);
    return { anchor, reused: true };
  }
  // Set Container Metadata replaces the whole set, so keep whatever else is there.
  await recordings.setMetadata({ ...metadata, [ANCHOR_METADATA_KEY]: now.toISOString() });
  return { anchor: now, reused: false };
}

async function existingNames(container: ContainerClient, prefix: string): Promise<Set<string>> {
  const names = new Set<string>();
  for await (const blob of container.listBlobsFlat({ prefix })) names.add(blob.name);
  return names;
}

// Azure (and Azurite) answer a Put Blob with If-None-Match: * on an existing blob with 409 BlobAlreadyExists.
function isAlreadyThere(err: unknown): boolean {
  return err instanceof RestError && (err.statusCode === 409 || err.code === 'BlobAlreadyExists');
}

/** Uploads unless the blob exists; the ifNoneMatch condition makes that check atomic. Returns true if created. */
async function uploadIfAbsent(upload: Upload): Promise<boolean> {
  const body = upload.body();
  const md5 = createHash('md5').update(body).digest();
  const { options } = upload;
  try {
    await upload.container.getBlockBlobClient(upload.name).upload(body, body.length, {
      ...options,
      blobHTTPHeaders: { ...options.blobHTTPHeaders, blobContentMD5: md5 },
      conditions: { ifNoneMatch: '*' },
    });
    return true;
  } catch (err) {
    if (isAlreadyThere(err)) return false;
    throw err;
  }
}

// Runs `worker` over `items` with at most `concurrency` in flight; stops taking new items after a failure.
async function runPool<T>(items: readonly T[], concurrency: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await worker(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

/**
 * Seeds `count` demo recordings into `recordings` and their GIM export into `gim-export`, once.
 * Idempotent: the anchor time is kept in the `recordings` container metadata so every run
 * derives the same blob names, and existing blobs are never overwritten (nor anything deleted).
 * `created` / `skipped` count all blobs, recordings and GIM files together.
 */
export async function seedDemoData(
  service: BlobServiceClient,
  opts: { tenant: string; count: number; now?: Date; log?: (msg: string) => void; concurrency?: number; retentionDays?: number },
): Promise<{ created: number; skipped: number; anchor: string }> {
  const concurrency = opts.concurrency ?? 16;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be a positive integer');
  const log = opts.log ?? (() => {});
  const recordings = service.getContainerClient(RECORDINGS_CONTAINER);
  const gim = service.getContainerClient(GIM_EXPORT_CONTAINER);
  // No access option: both containers stay private.
  await Promise.all([recordings.createIfNotExists(), gim.createIfNotExists()]);

  const now = opts.now ?? new Date();
  const { anchor, reused } = await resolveAnchor(recordings, now);
  log(`demo seed anchor ${anchor.toISOString()} (${reused ? 'reused' : 'new'})`);
  // Recordings the retention rule has already removed are not brought back.
  const keepAfter = opts.retentionDays === undefined ? undefined : new Date(now.getTime() - opts.retentionDays * 86_400_000).toISOString();
  const all = demoRecordings({ tenant: opts.tenant, anchor, count: opts.count });
  const recs = all.filter((rec) => !keepAfter || rec.storedTime > keepAfter);
  // The export is made from every recording, so its chunk names stay the same from run to run.
  const chunks = exportChunks(demoInteractions(all, { tenant: opts.tenant, anchor }), { anchor });
  const files = gimExportFiles(chunks.filter((c) => !keepAfter || c.runAt.toISOString() > keepAfter));

  // One listing spares re-runs from re-sending every body just to be refused.
  const [haveRecordings, haveGim] = await Promise.all([existingNames(recordings, `${opts.tenant}/`), existingNames(gim, 'export_')]);
  const r: Stats = { created: 0, skipped: 0 };
  const g: Stats = { created: 0, skipped: 0 };
  const uploads: Upload[] = [
    ...recs.map((rec) => ({
      container: recordings,
      name: rec.name,
      // Generated lazily so at most `concurrency` recording bodies are in memory.
      body: () => demoBlobBytes(rec),
      options: {
        blobHTTPHeaders: { blobContentType: 'application/octet-stream' },
        tags: { RecordingType: rec.recordingType, StoredTime: rec.storedTime },
        metadata: { interactionid: rec.interactionId },
      },
      existing: haveRecordings,
      stats: r,
    })),
    ...files.map((file) => ({
      container: gim,
      name: file.name,
      body: () => file.body,
      options: { blobHTTPHeaders: { blobContentType: file.contentType } },
      existing: haveGim,
      stats: g,
    })),
  ];
  await runPool(uploads, concurrency, async (upload) => {
    const created = !upload.existing.has(upload.name) && (await uploadIfAbsent(upload));
    upload.stats[created ? 'created' : 'skipped']++;
  });

  log(
    `seeded ${recs.length} recordings (${r.created} new, ${r.skipped} already there), ` +
      `${files.length} GIM export files (${g.created} new, ${g.skipped} already there)`,
  );
  return { created: r.created + g.created, skipped: r.skipped + g.skipped, anchor: anchor.toISOString() };
}
