import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { getEventListeners, once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import * as zlib from 'node:zlib';
import { unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { crc32 } from './crc32';
import {
  createZipStream,
  MIN_CHUNK_BYTES,
  READ_AHEAD_BYTES,
  streamZip,
  ZipNameError,
  type ZipOptions,
  type ZipProgress,
  type ZipSource,
} from './stream-zip';

const UNZIP = '/usr/bin/unzip';
const hasUnzip = existsSync(UNZIP);
const MiB = 1024 * 1024;

// ---- helpers -------------------------------------------------------------------------------------------------------

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** `data` in chunks of the given sizes, cycled, with an empty chunk now and then. */
async function* chunked(data: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    if (i % 5 === 4) yield new Uint8Array(0);
    yield data.subarray(at, at + size);
    at += size;
  }
}

function fromBytes(name: string, data: Uint8Array, extra: Partial<ZipSource> = {}): ZipSource {
  return { name, open: async () => chunked(data, [1, 7, 4093, 65_537, 333]), ...extra };
}

function webStream(data: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= data.length) return controller.close();
      controller.enqueue(data.slice(at, at + chunkSize));
      at += chunkSize;
    },
  });
}

async function* asAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

function text(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

type ParsedEntry = {
  name: string;
  data: Uint8Array;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  unixTime: number | undefined;
  zip64Local: boolean;
  zip64Central: boolean;
};

type ParsedZip = { entries: ParsedEntry[]; zip64End: boolean; end: { count: number; size: number; start: number } };

/**
 * Reads the archive the way a strict reader would: end records, every central record (with ZIP64 sentinels resolved),
 * its local header, data and data descriptor, checking that they agree, that CRCs match and that nothing is left over.
 */
function parseZip(zip: Uint8Array): ParsedZip {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  const end = zip.length - 22; // no archive comment
  expect(u32(end)).toBe(0x06054b50);
  const classic = { count: u16(end + 10), size: u32(end + 12), start: u32(end + 16) };
  const zip64End = end >= 20 && u32(end - 20) === 0x07064b50;
  let { count, size, start } = classic;
  if (zip64End) {
    const record = u64(end - 12);
    expect(u32(record)).toBe(0x06064b50);
    expect(record + 56).toBe(end - 20);
    [count, size, start] = [u64(record + 32), u64(record + 40), u64(record + 48)];
  }
  expect(start + size).toBe(zip64End ? end - 76 : end);

  const entries: ParsedEntry[] = [];
  let next = 0; // each local header must start where the previous entry ended
  let at = start;
  for (let i = 0; i < count; i++) {
    expect(u32(at)).toBe(0x02014b50);
    const [nameLength, extraLength, commentLength] = [u16(at + 28), u16(at + 30), u16(at + 32)];
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
    const extras = readExtras(zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    let [compressed, uncompressed, offset] = [u32(at + 20), u32(at + 24), u32(at + 42)];
    const zip64 = extras.get(1);
    if (zip64) {
      const z = new DataView(zip64.buffer, zip64.byteOffset, zip64.byteLength);
      let q = 0;
      const take = () => Number(z.getBigUint64((q += 8) - 8, true));
      if (uncompressed === 0xffffffff) uncompressed = take();
      if (compressed === 0xffffffff) compressed = take();
      if (offset === 0xffffffff) offset = take();
      expect(q).toBe(zip64.length);
    }
    expect(compressed).toBe(uncompressed);
    expect(offset).toBe(next);

    expect(u32(offset)).toBe(0x04034b50);
    expect(u16(offset + 6)).toBe(u16(at + 8)); // same flags
    const [localNameLength, localExtraLength] = [u16(offset + 26), u16(offset + 28)];
    expect(zip.subarray(offset + 30, offset + 30 + localNameLength)).toEqual(nameBytes);
    const localExtras = readExtras(zip.subarray(offset + 30 + localNameLength, offset + 30 + localNameLength + localExtraLength));
    const zip64Local = localExtras.has(1);
    const dataStart = offset + 30 + localNameLength + localExtraLength;
    const data = zip.subarray(dataStart, dataStart + compressed);
    const crc = u32(at + 16);
    expect(zlib.crc32(data)).toBe(crc);

    const descriptor = dataStart + compressed;
    expect(u32(descriptor)).toBe(0x08074b50);
    expect(u32(descriptor + 4)).toBe(crc);
    const sizes = zip64Local ? [u64(descriptor + 8), u64(descriptor + 16)] : [u32(descriptor + 8), u32(descriptor + 12)];
    expect(sizes).toEqual([compressed, uncompressed]);
    next = descriptor + (zip64Local ? 24 : 16);

    const timestamp = extras.get(0x5455);
    entries.push({
      name: new TextDecoder('utf-8', { fatal: true }).decode(nameBytes),
      data,
      flags: u16(at + 8),
      method: u16(at + 10),
      dosTime: u16(at + 12),
      dosDate: u16(at + 14),
      unixTime: timestamp ? new DataView(timestamp.buffer, timestamp.byteOffset).getInt32(1, true) : undefined,
      zip64Local,
      zip64Central: zip64 !== undefined,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  expect(next).toBe(start);
  expect(at).toBe(start + size);
  return { entries, zip64End, end: classic };
}

function readExtras(bytes: Uint8Array): Map<number, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const extras = new Map<number, Uint8Array>();
  for (let at = 0; at < bytes.length;) {
    const [id, length] = [view.getUint16(at, true), view.getUint16(at + 2, true)];
    extras.set(id, bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return extras;
}

/** Runs `unzip -t`, then extracts with unzip and returns every file's bytes by name. */
function unzipWithInfoZip(zip: Uint8Array): { test: string; files: Map<string, Buffer> } {
  const dir = mkdtempSync(join(tmpdir(), 'stream-zip-'));
  const env = { ...process.env, LC_ALL: 'C.UTF-8' };
  try {
    const file = join(dir, 'archive.zip');
    writeFileSync(file, zip);
    const test = execFileSync(UNZIP, ['-t', file], { encoding: 'utf8', env });
    execFileSync(UNZIP, ['-q', file, '-d', join(dir, 'out')], { env });
    const names = execFileSync(UNZIP, ['-Z1', file], { encoding: 'utf8', env }).split('\n').filter(Boolean);
    return { test, files: new Map(names.map((name) => [name, readFileSync(join(dir, 'out', name))])) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectSameFiles(actual: Map<string, Uint8Array> | Record<string, Uint8Array>, expected: Record<string, Uint8Array>): void {
  const entries = actual instanceof Map ? [...actual] : Object.entries(actual);
  expect(entries.map(([name]) => name).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, data] of entries) expect(Buffer.from(data).equals(expected[name]!), name).toBe(true);
}

// ---- tests ---------------------------------------------------------------------------------------------------------

describe('crc32', () => {
  it('gives the same whole or fed in pieces', () => {
    const data = randomBytes(100_003);
    expect(crc32(data.subarray(777), crc32(data.subarray(0, 777)))).toBe(crc32(data));
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926); // the standard check value
  });
});

describe('streamZip round trip', () => {
  const big = randomBytes(3 * MiB + 12_345);
  const nested = randomBytes(70_001);
  const expected: Record<string, Uint8Array> = {
    'mytenant/a/b.mp3.bin': big,
    'mytenant/empty.txt': new Uint8Array(0),
    'mytenant/Ünïcödé/記録 ☎.wav': text('grüße'),
    'top.txt': text('top level'),
    'mytenant/x/y/z/deep.bin': nested,
  };
  const sources = (): ZipSource[] => [
    fromBytes('mytenant/a/b.mp3.bin', big, { size: big.length }),
    { name: 'mytenant/empty.txt', size: 0, open: async () => webStream(new Uint8Array(0), 10) },
    fromBytes('mytenant/Ünïcödé/記録 ☎.wav', text('grüße')),
    fromBytes('top.txt', text('top level')),
    { name: 'mytenant/x/y/z/deep.bin', open: async () => webStream(nested, 9_999) },
  ];

  it('keeps names, folders and bytes, and reports progress (fflate and our own reader)', async () => {
    const progress: ZipProgress[] = [];
    const zip = await collect(streamZip(asAsync(sources()), { onProgress: (p) => progress.push(p) }));

    expectSameFiles(unzipSync(zip), expected);
    const parsed = parseZip(zip);
    expect(parsed.entries.map((e) => e.name)).toEqual(Object.keys(expected));
    expect(parsed.entries.every((e) => e.flags === 0x0808 && e.method === 0)).toBe(true);
    // Sizes not declared up front get ZIP64 local sizes, but nothing here needs a ZIP64 directory.
    expect(parsed.entries.map((e) => e.zip64Local)).toEqual([false, false, true, true, true]);
    expect(parsed.zip64End).toBe(false);
    const total = Object.values(expected).reduce((sum, d) => sum + d.length, 0);
    expect(progress.at(-1)).toEqual({ entriesDone: 5, bytesIn: total });
  });

  it.skipIf(!hasUnzip)('passes `unzip -t` and extracts identical files with Info-ZIP', async () => {
    const zip = await collect(streamZip(sources()));
    const { test, files } = unzipWithInfoZip(zip);
    expect(test).toContain('No errors detected');
    expectSameFiles(files, expected);
  });

  it('writes DOS local time and the UTC mtime (0x5455), defaulting to now', async () => {
    const modified = new Date('2026-03-08T10:30:45Z'); // 02:30:44 in Los Angeles (tests run in that zone), DOS rounds down to even seconds
    const before = Math.floor(Date.now() / 1000);
    const zip = await collect(streamZip([fromBytes('dated.txt', text('x'), { modified }), fromBytes('now.txt', text('y'))]));
    const after = Math.ceil(Date.now() / 1000);
    const [dated, now] = parseZip(zip).entries;
    expect(dated?.unixTime).toBe(modified.getTime() / 1000);
    const hour = modified.getHours(); // local
    expect(dated?.dosTime).toBe((hour << 11) | (30 << 5) | 22);
    expect(dated?.dosDate).toBe(((2026 - 1980) << 9) | (3 << 5) | modified.getDate());
    expect(now?.unixTime).toBeGreaterThanOrEqual(before);
    expect(now?.unixTime).toBeLessThanOrEqual(after);
  });

  it('takes the size and date a source reports on opening (a GET’s headers) over what it declared', async () => {
    const modified = new Date('2025-07-01T12:00:00Z');
    const data = text('from storage');
    const zip = await collect(
      streamZip([
        { name: 'opened.txt', open: async () => ({ body: chunked(data, [5]), size: data.length, modified }) },
        { name: 'declared.txt', size: 1, modified: new Date('2001-01-01T00:00:00Z'), open: async () => ({ body: webStream(data, 3) }) },
      ]),
    );
    const [opened, declared] = parseZip(zip).entries;
    // A known size means plain 32-bit sizes; a date from the response beats none.
    expect(opened?.zip64Local).toBe(false);
    expect(opened?.unixTime).toBe(modified.getTime() / 1000);
    expect(declared?.zip64Local).toBe(false);
    expect(declared?.unixTime).toBe(Date.parse('2001-01-01T00:00:00Z') / 1000);
    expectSameFiles(unzipSync(zip), { 'opened.txt': data, 'declared.txt': data });
  });
});

describe('streamZip backpressure', () => {
  it('reads the source no further ahead than a slow consumer, a bounded read-ahead (source could give 200 MiB)', async () => {
    const CHUNK = 64 * 1024;
    const chunk = new Uint8Array(CHUNK);
    let produced = 0;
    let closed = false;
    const source: ZipSource = {
      name: 'big.bin',
      size: 200 * MiB,
      open: async () =>
        (async function* () {
          try {
            for (let i = 0; i < (200 * MiB) / CHUNK; i++) {
              produced += CHUNK;
              yield chunk;
            }
          } finally {
            closed = true;
          }
        })(),
    };
    const reader = streamZip([source]).getReader();
    await reader.read(); // local header
    let received = 0;
    let mostAhead = 0;
    const bound = READ_AHEAD_BYTES + MIN_CHUNK_BYTES + CHUNK;
    for (let i = 0; i < 40; i++) {
      await sleep(3); // slow consumer: time for any read-ahead to show
      mostAhead = Math.max(mostAhead, produced - received);
      const { value } = await reader.read();
      // Socket-sized reads leave joined into larger chunks.
      expect(value?.length).toBe(MIN_CHUNK_BYTES);
      received += value?.length ?? 0;
    }
    expect(received).toBe(40 * MIN_CHUNK_BYTES);
    expect(mostAhead).toBeGreaterThan(0);
    expect(mostAhead).toBeLessThanOrEqual(bound);
    await reader.cancel();
    await vi.waitFor(() => expect(closed).toBe(true));
    expect(produced).toBeLessThanOrEqual(received + bound);
  });
});

describe('streamZip cancel and abort', () => {
  function endless(onClose: () => void, opened: AbortSignal[]): ZipSource {
    return {
      name: `endless-${opened.length}.bin`,
      open: async (signal) => {
        opened.push(signal);
        return (async function* () {
          try {
            for (;;) yield new Uint8Array(1024);
          } finally {
            onClose();
          }
        })();
      },
    };
  }

  it('cancelling the reader returns the source iterator and pulls no more entries', async () => {
    const opened: AbortSignal[] = [];
    const onClose = vi.fn();
    let entriesClosed = false;
    async function* entries() {
      try {
        for (let i = 0; i < 10; i++) yield endless(onClose, opened);
      } finally {
        entriesClosed = true;
      }
    }
    const reader = streamZip(entries()).getReader();
    for (let i = 0; i < 3; i++) await reader.read();
    await reader.cancel('user left');
    await vi.waitFor(() => expect(onClose).toHaveBeenCalledOnce());
    expect(entriesClosed).toBe(true);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.aborted).toBe(true);
    await sleep(20);
    expect(opened).toHaveLength(1);
  });

  it('cancelling during a read that never comes cancels the source stream and aborts its signal', async () => {
    const cancel = vi.fn();
    let signal: AbortSignal | undefined;
    const hanging: ZipSource = {
      name: 'hang.bin',
      open: async (s) => {
        signal = s;
        return new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => {}), cancel });
      },
    };
    const reader = streamZip([hanging]).getReader();
    const pending = reader.read();
    await vi.waitFor(() => expect(signal).toBeDefined());
    await reader.cancel('user left');
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    await vi.waitFor(() => expect(cancel).toHaveBeenCalledOnce());
    expect(signal?.aborted).toBe(true);
  });

  it('opts.signal errors the stream with its reason and closes the source', async () => {
    const opened: AbortSignal[] = [];
    const onClose = vi.fn();
    const controller = new AbortController();
    const reader = streamZip([endless(onClose, opened)], { signal: controller.signal }).getReader();
    await reader.read();
    controller.abort(new Error('client went away'));
    await expect(reader.read()).rejects.toThrow('client went away');
    await vi.waitFor(() => expect(onClose).toHaveBeenCalledOnce());
    expect(opened[0]?.aborted).toBe(true);
  });

  it('an already aborted signal opens nothing', async () => {
    const open = vi.fn();
    const stream = streamZip([{ name: 'a.txt', open }], { signal: AbortSignal.abort(new Error('too late')) });
    await expect(collect(stream)).rejects.toThrow('too late');
    expect(open).not.toHaveBeenCalled();
  });
});

describe('streamZip names', () => {
  it.each([
    ['an absolute path', '/etc/passwd'],
    ['a drive letter', 'C:/x.txt'],
    ['a .. segment', 'a/../b.txt'],
    ['a bare ..', '..'],
    ['a backslash', 'a\\b.txt'],
    ['a NUL', 'a\0b'],
    ['an empty name', ''],
    ['a folder name', 'folder/'],
    ['a name over 65,535 bytes', 'x'.repeat(70_000)],
  ])('refuses %s, up front when given an array', (_, name) => {
    const open = vi.fn();
    expect(() => streamZip([fromBytes('fine.txt', text('x')), { name, open }])).toThrow(ZipNameError);
    expect(open).not.toHaveBeenCalled();
  });

  it('allows dots that are not a ".." segment', async () => {
    const zip = await collect(streamZip([fromBytes('a/..b/c..d/.e', text('x'))]));
    expect(Object.keys(unzipSync(zip))).toEqual(['a/..b/c..d/.e']);
  });

  it('errors the stream before writing a bad name that comes from an async iterable', async () => {
    const open = vi.fn();
    const stream = streamZip(asAsync([fromBytes('ok.txt', text('x')), { name: '../evil.sh', open }]));
    await expect(collect(stream)).rejects.toBeInstanceOf(ZipNameError);
    expect(open).not.toHaveBeenCalled();
  });

  it('suffixes duplicates before the extension, ignoring case', async () => {
    const names = [
      'a/b.mp3',
      'a/b.mp3',
      'A/B.mp3',
      'a/b (2).mp3',
      'a/b',
      'a/b',
      '.env',
      '.env',
      'x.y/z',
      'x.y/z',
      't/c.mp3.bin',
      't/c.mp3.bin',
    ];
    const zip = await collect(streamZip(names.map((name, i) => fromBytes(name, text(String(i))))));
    const entries = parseZip(zip).entries;
    expect(entries.map((e) => e.name)).toEqual([
      'a/b.mp3',
      'a/b (2).mp3',
      'A/B (3).mp3',
      'a/b (2) (2).mp3',
      'a/b',
      'a/b (2)',
      '.env',
      '.env (2)',
      'x.y/z',
      'x.y/z (2)',
      't/c.mp3.bin',
      't/c.mp3 (2).bin',
    ]);
    expect(entries.map((e) => new TextDecoder().decode(e.data))).toEqual(names.map((_, i) => String(i)));
  });
});

describe('streamZip ZIP64', () => {
  const thresholds = { bytes: 1000, entries: 3 };
  const big = randomBytes(3000);
  const expected: Record<string, Uint8Array> = {
    'first.txt': text('0123456789'),
    'big.bin': big,
    'small.txt': text('s'.repeat(100)),
    'unknown.bin': text('u'.repeat(50)),
    'empty.txt': new Uint8Array(0),
  };
  const build = () =>
    collect(
      createZipStream(
        Object.entries(expected).map(([name, data]) => fromBytes(name, data, name === 'unknown.bin' ? {} : { size: data.length })),
        {},
        thresholds,
      ),
    );

  it('moves sizes, offsets and counts over the threshold into ZIP64 fields', async () => {
    const zip = await build();
    const parsed = parseZip(zip);
    expect(parsed.zip64End).toBe(true);
    expect(parsed.end.count).toBe(0xffff); // 5 entries ≥ 3
    expect(parsed.end.start).toBe(0xffffffff); // directory starts past 1000 bytes
    expect(parsed.end.size).toBeLessThan(1000);
    // big: declared and real size over; unknown: size not declared; the others after byte 1000: only the offset.
    expect(parsed.entries.map((e) => e.zip64Local)).toEqual([false, true, false, true, false]);
    expect(parsed.entries.map((e) => e.zip64Central)).toEqual([false, true, true, true, true]);
    expectSameFiles(unzipSync(zip), expected);
  });

  it.skipIf(!hasUnzip)('passes `unzip -t` and extracts identical files with Info-ZIP', async () => {
    const { test, files } = unzipWithInfoZip(await build());
    expect(test).toContain('No errors detected');
    expectSameFiles(files, expected);
  });

  it('errors rather than write a corrupt entry when a source outgrows its declared size past the limit', async () => {
    const stream = createZipStream([fromBytes('liar.bin', big, { size: 10 })], {}, thresholds);
    await expect(collect(stream)).rejects.toThrow(/outgrew its declared size/);
  });
});

describe('streamZip failing sources', () => {
  const failingOpen = (name: string): ZipSource => ({ name, open: () => Promise.reject(new Error(`cannot open ${name}`)) });
  const failingFirstRead = (name: string): ZipSource => ({
    name,
    open: async () =>
      (async function* () {
        yield new Uint8Array(0); // empty chunks write nothing
        throw new Error(`cannot read ${name}`);
      })(),
  });
  // Fails after `before` bytes: past the first joined chunk, some of the entry is already written.
  const failingMidway = (name: string, before = MIN_CHUNK_BYTES): ZipSource => ({
    name,
    open: async () =>
      (async function* () {
        yield new Uint8Array(before);
        throw new Error(`lost ${name}`);
      })(),
  });

  it("aborts by default, with the source's error", async () => {
    await expect(collect(streamZip([fromBytes('ok.txt', text('x')), failingOpen('a.txt')]))).rejects.toThrow('cannot open a.txt');
  });

  it("aborts when onError says 'abort'", async () => {
    const onError = vi.fn<NonNullable<ZipOptions['onError']>>(() => 'abort');
    await expect(collect(streamZip([failingFirstRead('a.txt')], { onError }))).rejects.toThrow('cannot read a.txt');
    expect(onError).toHaveBeenCalledWith('a.txt', expect.any(Error));
  });

  it("skips a source that fails before any byte of it was written, freeing its name, when onError says 'skip'", async () => {
    const onError = vi.fn<NonNullable<ZipOptions['onError']>>(() => 'skip');
    const zip = await collect(
      streamZip([failingOpen('a.txt'), fromBytes('b.txt', text('b')), failingFirstRead('c.txt'), fromBytes('a.txt', text('a'))], {
        onError,
      }),
    );
    expect(onError.mock.calls.map(([name]) => name)).toEqual(['a.txt', 'c.txt']);
    expectSameFiles(unzipSync(zip), { 'b.txt': text('b'), 'a.txt': text('a') });
    expect(parseZip(zip).entries.map((e) => e.name)).toEqual(['b.txt', 'a.txt']);
  });

  it("aborts a source that fails after some of it was written, even when onError says 'skip'", async () => {
    const onError = vi.fn<NonNullable<ZipOptions['onError']>>(() => 'skip');
    await expect(collect(streamZip([failingMidway('a.txt'), fromBytes('b.txt', text('b'))], { onError }))).rejects.toThrow('lost a.txt');
    expect(onError).toHaveBeenCalledOnce();
  });

  it("skips a source that fails inside its first joined chunk, before any of it was written, when onError says 'skip'", async () => {
    const onError = vi.fn<NonNullable<ZipOptions['onError']>>(() => 'skip');
    const zip = await collect(streamZip([failingMidway('a.txt', 1000), fromBytes('b.txt', text('b'))], { onError }));
    expect(onError).toHaveBeenCalledWith('a.txt', expect.any(Error));
    expectSameFiles(unzipSync(zip), { 'b.txt': text('b') });
  });
});

describe('streamZip Node stream sources (storage responses)', () => {
  /** An HTTP server on loopback answering each path with its bytes in 64 KiB writes, or cutting the answer short. */
  async function server(files: Record<string, Uint8Array>, cutAfter?: number) {
    const srv = createServer(async (req, res) => {
      const data = files[req.url!.slice(1)]!;
      res.writeHead(200, { 'Content-Length': String(data.length) });
      for (let at = 0; at < data.length; at += 64 * 1024) {
        if (cutAfter !== undefined && at >= cutAfter) return res.socket?.destroy();
        if (!res.write(data.subarray(at, at + 64 * 1024))) await once(res, 'drain');
      }
      res.end();
    });
    srv.listen(0, '127.0.0.1');
    await once(srv, 'listening');
    const { port } = srv.address() as AddressInfo;
    const responses: IncomingMessage[] = [];
    const source = (name: string): ZipSource => ({
      name,
      open: (signal) =>
        new Promise((resolve, reject) =>
          get(`http://127.0.0.1:${port}/${name}`, { signal }, (res) => (responses.push(res), resolve(res))).on('error', reject),
        ),
    });
    return { source, responses, close: () => new Promise((r) => srv.close(r)) };
  }

  it('relays HTTP responses byte for byte, in joined chunks', async () => {
    const files = { 'a.bin': randomBytes(3 * MiB + 4321), 'b.bin': randomBytes(10), 'empty.bin': new Uint8Array(0) };
    const http = await server(files);
    try {
      const sizes: number[] = [];
      const stream = streamZip(Object.keys(files).map(http.source));
      const parts: Uint8Array[] = [];
      for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
        parts.push(chunk);
        sizes.push(chunk.length);
      }
      const zip = new Uint8Array(Buffer.concat(parts));
      expectSameFiles(unzipSync(zip), files);
      expect(parseZip(zip).entries.map((e) => e.name)).toEqual(Object.keys(files));
      // a.bin's bytes leave in joined chunks (socket reads are at most 64 KiB), only the last one short.
      const data = sizes.filter((size) => size > 1000);
      expect(data.reduce((sum, size) => sum + size, 0)).toBe(files['a.bin'].length);
      expect(data.slice(0, -1).every((size) => size >= MIN_CHUNK_BYTES)).toBe(true);
    } finally {
      await http.close();
    }
  });

  it('reads a response no further ahead than a slow consumer', async () => {
    const data = randomBytes(40 * MiB);
    const http = await server({ 'big.bin': data });
    try {
      const reader = streamZip([http.source('big.bin')]).getReader();
      await reader.read(); // local header
      let received = 0;
      for (let i = 0; i < 10; i++) {
        await sleep(20);
        received += (await reader.read()).value!.length;
      }
      const response = http.responses[0]!;
      // What the response has handed over: the zip's read-ahead and one joined chunk, plus what its own buffer holds.
      const readFromSocket = response.socket!.bytesRead;
      expect(readFromSocket - received).toBeLessThan(READ_AHEAD_BYTES + 2 * MIN_CHUNK_BYTES + 4 * MiB);
      await reader.cancel();
      await vi.waitFor(() => expect(response.destroyed).toBe(true));
    } finally {
      await http.close();
    }
  });

  it('errors when a response is cut short, and skips one cut before any of it was written', async () => {
    const http = await server({ 'cut.bin': randomBytes(2 * MiB), 'early.bin': randomBytes(2 * MiB) }, MIN_CHUNK_BYTES * 2);
    try {
      await expect(collect(streamZip([http.source('cut.bin')]))).rejects.toThrow();
    } finally {
      await http.close();
    }
    const early = await server({ 'early.bin': randomBytes(2 * MiB), 'ok.bin': text('ok') }, 64 * 1024);
    try {
      const onError = vi.fn<NonNullable<ZipOptions['onError']>>(() => 'skip');
      const zip = await collect(streamZip([early.source('early.bin'), early.source('ok.bin')], { onError }));
      expect(onError).toHaveBeenCalledWith('early.bin', expect.any(Error));
      expectSameFiles(unzipSync(zip), { 'ok.bin': text('ok') });
    } finally {
      await early.close();
    }
  });

  it('a stalled stream: cancelling destroys it, and opts.signal errors the zip with its reason', async () => {
    const stalled = () => {
      const body = new PassThrough();
      body.write(new Uint8Array(1000)); // less than a joined chunk, then nothing
      return body;
    };
    const first = stalled();
    const reader = streamZip([{ name: 'a.bin', open: async () => first }]).getReader();
    const pending = reader.read();
    await sleep(20);
    await reader.cancel();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(first.destroyed).toBe(true);

    const second = stalled();
    const abort = new AbortController();
    const zip = collect(streamZip([{ name: 'b.bin', open: async () => second }], { signal: abort.signal }));
    await sleep(20);
    abort.abort(new Error('user left'));
    await expect(zip).rejects.toThrow('user left');
    expect(second.destroyed).toBe(true);
  });

  it('errors at once for a response closed before its turn came, never waits', async () => {
    const http = await server({ 'gone.bin': randomBytes(2 * MiB) });
    try {
      const zip = streamZip([
        {
          name: 'gone.bin',
          open: async (signal) => {
            const response = await http.source('gone.bin').open(signal);
            (response as IncomingMessage).socket.destroy();
            await sleep(20);
            return response;
          },
        },
      ]);
      await expect(Promise.race([collect(zip), sleep(2_000).then(() => 'still waiting')])).rejects.toThrow();
    } finally {
      await http.close();
    }
  });

  it('leaves no listener on the zip signal after entries drained, skipped or failed', async () => {
    const http = await server({ 'a.bin': randomBytes(MIN_CHUNK_BYTES * 2), 'b.bin': text('b') }, undefined);
    const cut = await server({ 'cut.bin': randomBytes(2 * MiB) }, 64 * 1024);
    try {
      // Each source gets the zip's own signal; a reader that forgot its listener would leave it there.
      const signals = new Set<AbortSignal>();
      const watched = (source: ZipSource): ZipSource => ({ ...source, open: (signal) => (signals.add(signal), source.open(signal)) });
      const names = ['a.bin', 'b.bin', 'a.bin', 'b.bin'];
      const zip = await collect(
        streamZip([...names.map(http.source), cut.source('cut.bin'), http.source('b.bin')].map(watched), { onError: () => 'skip' }),
      );
      expect(parseZip(zip).entries).toHaveLength(5);
      expect(signals.size).toBe(1);
      expect(getEventListeners([...signals][0]!, 'abort')).toEqual([]);
    } finally {
      await http.close();
      await cut.close();
    }
  });

  it('errors when a stream closes without ending', async () => {
    const body = new PassThrough();
    body.write(new Uint8Array(10));
    setTimeout(() => body.destroy(), 10);
    await expect(collect(streamZip([{ name: 'a.bin', open: async () => body }]))).rejects.toThrow('closed before its end');
  });
});
