// Streams a STORE-only ZIP (sizes and CRC in data descriptors, ZIP64 wherever a size, offset or count needs it).
// Each read by the consumer drives at most one read from the current source, so memory holds about one chunk plus the
// central directory (~100 bytes per entry) whatever the archive's size; cancel/abort closes the source and stops pulling entries.
import { RequestError } from '../request-error';
import { crc32 } from './crc32';

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

type SourceBody = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** What `open` may return instead of a bare body: the body, and the size and date it came with (over the source's). */
export type OpenedSource = { body: SourceBody; size?: number; modified?: Date };

function opened(result: SourceBody | OpenedSource): OpenedSource {
  return 'getReader' in result || Symbol.asyncIterator in result ? { body: result } : result;
}

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
 * promises, so they are joined into chunks of at least this size (one copy, far cheaper: measured
 * 10-20% less server CPU per GiB).
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
    // A little read-ahead lets storage reads overlap the writes to the client (measured: zero read-ahead
    // left each side idle while the other worked); the bound keeps memory flat whatever the total.
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

type ChunkReader = {
  /** The next bytes, joined until at least `bytes` or the end; undefined at the end. Rejects with the abort reason once aborted. */
  read: (bytes: number) => Promise<Uint8Array | undefined>;
  close: () => Promise<unknown>;
};

function chunkReader(body: SourceBody, signal: AbortSignal): ChunkReader {
  if (isNodeReadable(body)) return nodeStreamReader(body, signal);
  let next: () => Promise<Uint8Array | undefined>;
  let close: () => Promise<unknown>;
  if ('getReader' in body) {
    const reader = body.getReader();
    next = () => nextNonEmpty(() => reader.read());
    close = () => reader.cancel();
  } else {
    const iterator = body[Symbol.asyncIterator]();
    next = () => nextNonEmpty(() => iterator.next());
    close = async () => iterator.return?.();
  }
  return {
    close,
    async read(bytes) {
      const first = await abortable(next(), signal);
      if (!first || first.length >= bytes) return first;
      const parts = [first];
      let size = first.length;
      while (size < bytes) {
        const more = await abortable(next(), signal);
        if (!more) break;
        parts.push(more);
        size += more.length;
      }
      return parts.length === 1 ? first : Buffer.concat(parts, size);
    },
  };
}

type NodeReadable = AsyncIterable<Uint8Array> & {
  on(event: string, listener: (...args: never[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy(error?: Error): unknown;
  readableEnded: boolean;
  destroyed: boolean;
  errored?: unknown;
};

/** A Node stream destroyed before it ended (its connection closed early): it will send nothing more. */
export function closedBeforeEnd(body: unknown): boolean {
  const stream = body as Partial<NodeReadable>;
  return stream.destroyed === true && stream.readableEnded !== true;
}

function isNodeReadable(body: SourceBody): body is NodeReadable {
  const candidate = body as Partial<NodeReadable>;
  return (
    typeof candidate.on === 'function' &&
    typeof candidate.pause === 'function' &&
    typeof candidate.resume === 'function' &&
    typeof candidate.destroy === 'function'
  );
}

/**
 * A Node stream (storage's HTTP response) read from its 'data' events, paused once a joined chunk's
 * worth has arrived. An async iterator costs several promises per ~64 KiB socket read (and each one
 * runs Next.js's async-context hooks); this costs one per joined chunk, and the socket's own buffer
 * holds what arrives meanwhile.
 */
function nodeStreamReader(stream: NodeReadable, signal: AbortSignal): ChunkReader {
  let parts: Buffer[] = [];
  let size = 0;
  let want = Infinity;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const settle = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    settle();
  };
  const onAbort = () => {
    fail(signal.reason);
    stream.destroy();
  };
  // A stream that ended or closed before this reader came (an early-opened response) sends no more events.
  if (stream.readableEnded) ended = true;
  else if (closedBeforeEnd(stream)) failure = { error: stream.errored ?? new Error('The source closed before its end') };
  stream.pause();
  stream.on('data', (chunk: Uint8Array) => {
    if (!(chunk instanceof Uint8Array)) return fail(new TypeError(`Zip sources must yield Uint8Array chunks, not ${typeof chunk}`));
    if (chunk.length === 0) return;
    parts.push(chunk as Buffer);
    size += chunk.length;
    if (size >= want) {
      stream.pause();
      settle();
    }
  });
  stream.on('end', () => {
    ended = true;
    settle();
  });
  stream.on('error', fail);
  stream.on('close', () => {
    if (!ended) fail(new Error('The source closed before its end'));
  });
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });

  return {
    async read(bytes) {
      want = bytes;
      while (size < bytes && !ended && !failure) {
        const arrived = new Promise<void>((resolve) => (wake = resolve));
        stream.resume();
        await arrived;
      }
      if (failure) throw failure.error;
      want = Infinity;
      if (size === 0) {
        signal.removeEventListener('abort', onAbort);
        return undefined;
      }
      const chunk = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
      parts = [];
      size = 0;
      return chunk;
    },
    async close() {
      signal.removeEventListener('abort', onAbort);
      stream.destroy();
    },
  };
}

/** The next chunk with bytes in it, or undefined at the end. */
async function nextNonEmpty(
  next: () => Promise<IteratorResult<Uint8Array> | ReadableStreamReadResult<Uint8Array>>,
): Promise<Uint8Array | undefined> {
  for (;;) {
    const result = await next();
    if (result.done) return undefined;
    if (!(result.value instanceof Uint8Array)) throw new TypeError(`Zip sources must yield Uint8Array chunks, not ${typeof result.value}`);
    if (result.value.length > 0) return result.value;
  }
}

/** `promise`, or the abort reason as soon as `signal` aborts, so no await outlives a cancel. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function closeQuietly(close: () => Promise<unknown>): void {
  close().catch(() => {});
}

// ---- Archive layout ------------------------------------------------------------------------------------------------

const SIGNATURE = {
  local: 0x04034b50,
  descriptor: 0x08074b50,
  central: 0x02014b50,
  zip64End: 0x06064b50,
  zip64Locator: 0x07064b50,
  end: 0x06054b50,
} as const;
const FLAGS = 0x0808; // bit 3: CRC and sizes follow the data; bit 11: names are UTF-8
const STORE = 0;
const VERSION = { plain: 20, zip64: 45 } as const;
const MADE_BY_UNIX = (3 << 8) | VERSION.zip64; // Unix, so the permissions below apply on extraction
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;
const SENTINEL_32 = 0xffffffff;
const SENTINEL_16 = 0xffff;
const DIRECTORY_BLOCK = 64 * 1024;
const utf8 = new TextEncoder();

type Entry = {
  label: string;
  storedAs: string;
  name: Uint8Array;
  dosTime: number;
  dosDate: number;
  unixTime: number | undefined;
  /** Local header has a ZIP64 extra field and the data descriptor 8-byte sizes. */
  zip64Sizes: boolean;
  offset: number;
  size: number;
  crc: number;
};

/** Lays out the archive and tracks the offset, every byte it hands out being written in that order. */
class ZipWriter {
  private offset = 0;
  private readonly names = new UniqueNames();
  private readonly directory = new CentralDirectory();
  private readonly progress: ZipProgress = { entriesDone: 0, bytesIn: 0 };

  constructor(
    private readonly thresholds: Zip64Thresholds,
    private readonly onProgress: ((p: ZipProgress) => void) | undefined,
  ) {}

  newEntry(source: Pick<ZipSource, 'name' | 'size' | 'modified'>): Entry {
    const modified = source.modified && !Number.isNaN(source.modified.getTime()) ? source.modified : new Date();
    const { time, date } = dosDateTime(modified);
    const seconds = Math.floor(modified.getTime() / 1000);
    const storedAs = this.names.claim(source.name);
    return {
      label: source.name,
      storedAs,
      name: utf8.encode(storedAs),
      dosTime: time,
      dosDate: date,
      unixTime: seconds >= -0x80000000 && seconds <= 0x7fffffff ? seconds : undefined,
      zip64Sizes: source.size === undefined || source.size >= this.thresholds.bytes,
      offset: this.offset,
      size: 0,
      crc: 0,
    };
  }

  header(entry: Entry): Uint8Array {
    return this.emit(localHeader(entry));
  }

  data(entry: Entry, chunk: Uint8Array): Uint8Array {
    entry.crc = crc32(chunk, entry.crc);
    entry.size += chunk.length;
    if (!entry.zip64Sizes && entry.size >= this.thresholds.bytes) {
      throw new Error(`Zip entry ${JSON.stringify(entry.label)} outgrew its declared size past the 4 GiB ZIP limit`);
    }
    this.progress.bytesIn += chunk.length;
    this.report();
    return this.emit(chunk);
  }

  end(entry: Entry): Uint8Array {
    const zip64 = entry.size >= this.thresholds.bytes || entry.offset >= this.thresholds.bytes;
    this.directory.add(centralHeader(entry, zip64), zip64);
    this.progress.entriesDone++;
    this.report();
    return this.emit(dataDescriptor(entry));
  }

  *finish(comment = ''): Generator<Uint8Array, void, undefined> {
    if (!/^[\x20-\x7e]{0,1000}$/.test(comment)) throw new Error('A zip comment must be printable ASCII, at most 1,000 characters');
    const start = this.offset;
    for (const block of this.directory.blocks()) yield this.emit(block);
    yield this.emit(endRecords(this.directory, start, this.thresholds, utf8.encode(comment)));
  }

  private emit(bytes: Uint8Array): Uint8Array {
    this.offset += bytes.length;
    return bytes;
  }

  private report(): void {
    this.onProgress?.({ ...this.progress });
  }
}

/** Hands out each name once, compared case-insensitively so extracting on Windows or macOS overwrites nothing. */
class UniqueNames {
  private readonly taken = new Set<string>();

  claim(name: string): string {
    let candidate = name;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = withSuffix(name, n);
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}

/** `a/b.mp3.bin` → `a/b.mp3 (2).bin`; a leading dot (`.env`) isn't an extension. */
function withSuffix(name: string, n: number): string {
  const base = name.lastIndexOf('/') + 1;
  const dot = name.lastIndexOf('.');
  const at = dot > base ? dot : name.length;
  return `${name.slice(0, at)} (${n})${name.slice(at)}`;
}

/** Central directory records packed into 64 KiB blocks, so thousands of entries cost their bytes and little else. */
class CentralDirectory {
  count = 0;
  size = 0;
  usesZip64 = false;
  private readonly sealed: Uint8Array[] = [];
  private block = new Uint8Array(DIRECTORY_BLOCK);
  private used = 0;

  add(record: Uint8Array, zip64: boolean): void {
    if (this.used + record.length > this.block.length) this.seal(record.length);
    this.block.set(record, this.used);
    this.used += record.length;
    this.count++;
    this.size += record.length;
    this.usesZip64 ||= zip64;
  }

  *blocks(): Generator<Uint8Array, void, undefined> {
    yield* this.sealed;
    if (this.used > 0) yield this.block.subarray(0, this.used);
  }

  private seal(nextLength: number): void {
    if (this.used > 0) this.sealed.push(this.block.subarray(0, this.used));
    this.block = new Uint8Array(Math.max(DIRECTORY_BLOCK, nextLength));
    this.used = 0;
  }
}

/** Little-endian field writer over a buffer sized up front. */
class Fields {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private at = 0;

  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }

  u8(value: number): this {
    this.view.setUint8(this.at, value);
    this.at += 1;
    return this;
  }

  u16(value: number): this {
    this.view.setUint16(this.at, value, true);
    this.at += 2;
    return this;
  }

  u32(value: number): this {
    this.view.setUint32(this.at, value, true);
    this.at += 4;
    return this;
  }

  i32(value: number): this {
    this.view.setInt32(this.at, value, true);
    this.at += 4;
    return this;
  }

  u64(value: number): this {
    this.view.setBigUint64(this.at, BigInt(value), true);
    this.at += 8;
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.bytes.set(bytes, this.at);
    this.at += bytes.length;
    return this;
  }
}

function localHeader(entry: Entry): Uint8Array {
  // With ZIP64 the local sizes are 0xFFFFFFFF and the extra field holds the (still unknown, so zero) sizes.
  const extra = concat([entry.zip64Sizes ? zip64Extra([0, 0]) : new Uint8Array(0), timestampExtra(entry.unixTime)]);
  const sizeField = entry.zip64Sizes ? SENTINEL_32 : 0;
  return new Fields(30 + entry.name.length + extra.length)
    .u32(SIGNATURE.local)
    .u16(entry.zip64Sizes ? VERSION.zip64 : VERSION.plain)
    .u16(FLAGS)
    .u16(STORE)
    .u16(entry.dosTime)
    .u16(entry.dosDate)
    .u32(0) // CRC, in the data descriptor
    .u32(sizeField)
    .u32(sizeField)
    .u16(entry.name.length)
    .u16(extra.length)
    .raw(entry.name)
    .raw(extra).bytes;
}

function dataDescriptor(entry: Entry): Uint8Array {
  const fields = new Fields(entry.zip64Sizes ? 24 : 16).u32(SIGNATURE.descriptor).u32(entry.crc);
  return (entry.zip64Sizes ? fields.u64(entry.size).u64(entry.size) : fields.u32(entry.size).u32(entry.size)).bytes;
}

function centralHeader(entry: Entry, zip64: boolean): Uint8Array {
  // All three fields move to the ZIP64 extra together: allowed by the spec, and readers that assume it don't trip.
  const extra = concat([zip64 ? zip64Extra([entry.size, entry.size, entry.offset]) : new Uint8Array(0), timestampExtra(entry.unixTime)]);
  const field32 = (value: number) => (zip64 ? SENTINEL_32 : value);
  return new Fields(46 + entry.name.length + extra.length)
    .u32(SIGNATURE.central)
    .u16(MADE_BY_UNIX)
    .u16(zip64 || entry.zip64Sizes ? VERSION.zip64 : VERSION.plain)
    .u16(FLAGS)
    .u16(STORE)
    .u16(entry.dosTime)
    .u16(entry.dosDate)
    .u32(entry.crc)
    .u32(field32(entry.size))
    .u32(field32(entry.size))
    .u16(entry.name.length)
    .u16(extra.length)
    .u16(0) // comment length
    .u16(0) // disk number
    .u16(0) // internal attributes
    .u32(REGULAR_FILE_0644)
    .u32(field32(entry.offset))
    .raw(entry.name)
    .raw(extra).bytes;
}

function endRecords(directory: CentralDirectory, start: number, thresholds: Zip64Thresholds, comment: Uint8Array): Uint8Array {
  const countOver = directory.count >= thresholds.entries;
  const sizeOver = directory.size >= thresholds.bytes;
  const startOver = start >= thresholds.bytes;
  const end = new Fields(22 + comment.length)
    .u32(SIGNATURE.end)
    .u16(0) // this disk
    .u16(0) // disk where the directory starts
    .u16(countOver ? SENTINEL_16 : directory.count)
    .u16(countOver ? SENTINEL_16 : directory.count)
    .u32(sizeOver ? SENTINEL_32 : directory.size)
    .u32(startOver ? SENTINEL_32 : start)
    .u16(comment.length)
    .raw(comment).bytes;
  // Readers only look inside ZIP64 extra fields when they find the ZIP64 end record, so any ZIP64 entry requires it.
  if (!(directory.usesZip64 || countOver || sizeOver || startOver)) return end;
  const zip64End = new Fields(56)
    .u32(SIGNATURE.zip64End)
    .u64(44) // size of the rest of this record
    .u16(MADE_BY_UNIX)
    .u16(VERSION.zip64)
    .u32(0)
    .u32(0)
    .u64(directory.count)
    .u64(directory.count)
    .u64(directory.size)
    .u64(start).bytes;
  const locator = new Fields(20)
    .u32(SIGNATURE.zip64Locator)
    .u32(0)
    .u64(start + directory.size)
    .u32(1).bytes; // total disks
  return concat([zip64End, locator, end]);
}

function zip64Extra(values: number[]): Uint8Array {
  const fields = new Fields(4 + 8 * values.length).u16(0x0001).u16(8 * values.length);
  for (const value of values) fields.u64(value);
  return fields.bytes;
}

/** Extended timestamp (0x5455): the UTC mtime, which DOS fields (local time, 2 s steps) can't carry. */
function timestampExtra(unixTime: number | undefined): Uint8Array {
  if (unixTime === undefined) return new Uint8Array(0);
  return new Fields(9).u16(0x5455).u16(5).u8(1).i32(unixTime).bytes;
}

/** DOS date and time in the server's local time (what unzip tools assume), clamped to 1980–2107. */
function dosDateTime(when: Date): { time: number; date: number } {
  const year = when.getFullYear();
  if (year < 1980) return { time: 0, date: (1 << 5) | 1 };
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  return {
    time: (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate(),
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
