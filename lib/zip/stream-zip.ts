// Streams a STORE-only ZIP (sizes and CRC in data descriptors, ZIP64 wherever a size, offset or count needs it).
// Each read by the consumer drives at most one read from the current source, so memory holds about one chunk plus the
// central directory (~100 bytes per entry) whatever the archive's size; cancel/abort closes the source and stops pulling entries.
// This file is the entry point and drives the sources; source-reader.ts reads each source in joined
// chunks, zip-writer.ts lays the archive out and zip-records.ts encodes its headers and end records.
import { RequestError } from '../request-error';
import { abortable, chunkReader, closeQuietly, opened, type ChunkReader, type OpenedSource, type SourceBody } from './source-reader';
import { ZipWriter } from './zip-writer';

const utf8 = new TextEncoder();

export type ZipSource = {
  /** Path inside the archive, folders kept (`mytenant/a/b.mp3.bin`). See `assertZipName` for what is refused. */
  name: string;
  /** Expected length. When unknown or ≥ 4 GiB the entry carries ZIP64 sizes, because a header already sent cannot grow them later. */
  size?: number;
  /** Defaults to now. */
  modified?: Date;
  /**
   * Called when the entry's turn comes; `signal` aborts when the zip is cancelled or aborted. Chunks are passed on
   * without copying, so a source must not reuse a chunk's memory after yielding it. A source that learns its size
   * or date only on opening (a GET's Content-Length and Last-Modified) returns them beside the body.
   */
  open: (signal: AbortSignal) => Promise<SourceBody | OpenedSource>;
};

export type { OpenedSource };

export type ZipProgress = { entriesDone: number; bytesIn: number };

export type ZipOptions = {
  /** Aborting errors the stream with the signal's reason and closes the current source. */
  signal?: AbortSignal;
  /** Called after every chunk and every finished entry. */
  onProgress?: (p: ZipProgress) => void;
  /** Called as each entry starts, with the name it is stored under (a duplicate gets " (2)"). */
  onEntry?: (name: string, storedAs: string) => void;
  /**
   * Decides about a source whose `open()` or read fails (default 'abort': the stream errors with that error).
   * 'skip' leaves the entry out only if none of it was written yet. The entry's header goes out with its first
   * chunk, so a failing `open()` or first read can be skipped; a later failure aborts whatever this returns,
   * because a half-written entry can't be made valid.
   */
  onError?: (name: string, error: unknown) => 'skip' | 'abort';
  /** STORE only: recordings are already compressed or encrypted, so deflating would spend CPU for nothing. */
  level?: 0;
  /**
   * The archive comment (printable ASCII, at most 1,000 characters), asked for once every entry is written, so it
   * can say what happened on the way. Unzip tools show it; `readZipEnd` reads it back.
   */
  comment?: () => string | undefined;
};

/** Values at or above these need ZIP64 fields. Only tests lower them, to reach ZIP64 without writing 4 GiB. */
export type Zip64Thresholds = { bytes: number; entries: number };

export const ZIP64_THRESHOLDS: Zip64Thresholds = { bytes: 0xffffffff, entries: 0xffff };

/** How far the zip may read ahead of its consumer. */
export const READ_AHEAD_BYTES = 2 * 1024 * 1024;
/**
 * Storage answers in ~64 KiB socket reads; each chunk then costs the response pipeline a round of
 * promises, so they are joined into chunks of at least this size (one copy, far cheaper: docs/measurements.md).
 */
export const MIN_CHUNK_BYTES = 512 * 1024;

export class ZipNameError extends RequestError {
  override name = 'ZipNameError';
  constructor(message: string) {
    super(message, 422);
  }
}

/**
 * A ZIP of `entries`, read on demand. Bad names throw ZipNameError: synchronously, from here, for an array of
 * entries (checked up front so a route can answer 400); otherwise by erroring the stream when that entry comes up,
 * before any of it is written. Duplicate names get " (2)", " (3)"… before the extension.
 */
export function streamZip(entries: AsyncIterable<ZipSource> | Iterable<ZipSource>, opts: ZipOptions = {}): ReadableStream<Uint8Array> {
  return createZipStream(entries, opts, ZIP64_THRESHOLDS);
}

/** `streamZip` with the ZIP64 thresholds as a parameter; use `streamZip` outside tests. */
export function createZipStream(
  entries: AsyncIterable<ZipSource> | Iterable<ZipSource>,
  opts: ZipOptions,
  thresholds: Zip64Thresholds,
): ReadableStream<Uint8Array> {
  if (Array.isArray(entries)) for (const entry of entries as ZipSource[]) assertZipName(entry.name);
  const run = new AbortController();
  const chunks = zipChunks(entries, opts, thresholds, run.signal);
  const external = opts.signal;
  let onExternalAbort = () => {};
  const stop = (reason: unknown) => {
    external?.removeEventListener('abort', onExternalAbort);
    run.abort(reason);
    // Not awaited: a source stuck in a read must not keep cancel() from returning.
    chunks.return(undefined).catch(() => {});
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onExternalAbort = () => {
          controller.error(external?.reason);
          stop(external?.reason);
        };
        if (external?.aborted) onExternalAbort();
        else external?.addEventListener('abort', onExternalAbort, { once: true });
      },
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (run.signal.aborted) return; // cancelled or aborted while this read was in flight
          if (next.done) {
            external?.removeEventListener('abort', onExternalAbort);
            controller.close();
          } else controller.enqueue(next.value);
        } catch (error) {
          if (run.signal.aborted) return;
          stop(error);
          controller.error(error);
        }
      },
      cancel: stop,
    },
    // A little read-ahead lets storage reads overlap the writes to the client (without it each side sat
    // idle while the other worked); the bound keeps memory flat whatever the total.
    new ByteLengthQueuingStrategy({ highWaterMark: READ_AHEAD_BYTES }),
  );
}

/** Throws ZipNameError unless `name` is a relative file path that extracts inside the target folder everywhere. */
export function assertZipName(name: string): void {
  const problem = nameProblem(name);
  if (problem) throw new ZipNameError(`Refusing zip entry name ${JSON.stringify(name)}: ${problem}`);
}

function nameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.includes('\0')) return 'it contains NUL';
  if (name.includes('\\')) return 'it contains a backslash, a folder separator on Windows';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'it is absolute';
  if (name.split('/').includes('..')) return 'it has a ".." segment';
  if (name.endsWith('/')) return 'a trailing slash names a folder, not a file';
  if (utf8.encode(name).length > 0xffff) return 'it is longer than 65,535 bytes';
  return undefined;
}

// ---- Driving sources -------------------------------------------------------------------------------------------

async function* zipChunks(
  entries: AsyncIterable<ZipSource> | Iterable<ZipSource>,
  opts: ZipOptions,
  thresholds: Zip64Thresholds,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  const zip = new ZipWriter(thresholds, opts.onProgress);
  const queue = entryIterator(entries);
  try {
    for (let next = await abortable(queue.next(), signal); !next.done; next = await abortable(queue.next(), signal)) {
      yield* entryChunks(next.value, zip, opts, signal);
    }
    yield* zip.finish(opts.comment?.());
  } finally {
    closeQuietly(async () => queue.return?.());
  }
}

async function* entryChunks(
  source: ZipSource,
  zip: ZipWriter,
  opts: ZipOptions,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  assertZipName(source.name);
  let reader: ChunkReader | undefined;
  let written = false;
  try {
    const { body, size, modified } = opened(await abortable(source.open(signal), signal));
    reader = chunkReader(body, signal);
    // Read before writing the header, so a source that fails straight away can still be skipped.
    let chunk = await reader.read(MIN_CHUNK_BYTES);
    const entry = zip.newEntry({ name: source.name, size: size ?? source.size, modified: modified ?? source.modified });
    written = true;
    opts.onEntry?.(source.name, entry.storedAs);
    yield zip.header(entry);
    for (; chunk; chunk = await reader.read(MIN_CHUNK_BYTES)) yield zip.data(entry, chunk);
    yield zip.end(entry);
    reader = undefined; // drained: nothing to close
  } catch (error) {
    if (signal.aborted) throw error;
    const choice = opts.onError?.(source.name, error) ?? 'abort';
    if (choice === 'abort' || written) throw error;
  } finally {
    if (reader) closeQuietly(reader.close);
  }
}

function entryIterator(entries: AsyncIterable<ZipSource> | Iterable<ZipSource>): AsyncIterator<ZipSource> {
  if (Symbol.asyncIterator in entries) return entries[Symbol.asyncIterator]();
  return (async function* () {
    yield* entries;
  })();
}
