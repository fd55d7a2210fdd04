// Helpers for the streamZip tests: sources built from bytes, and a strict reader of the archives
// they produce (every record checked against the others), plus Info-ZIP's unzip where installed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { expect } from 'vitest';
import type { ZipSource } from '../zip/stream-zip';

const UNZIP = '/usr/bin/unzip';
export const hasUnzip = existsSync(UNZIP);
export const MiB = 1024 * 1024;

// ---- helpers -------------------------------------------------------------------------------------------------------

export async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** `data` in chunks of the given sizes, cycled, with an empty chunk now and then. */
export async function* chunked(data: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    if (i % 5 === 4) yield new Uint8Array(0);
    yield data.subarray(at, at + size);
    at += size;
  }
}

export function fromBytes(name: string, data: Uint8Array, extra: Partial<ZipSource> = {}): ZipSource {
  return { name, open: async () => chunked(data, [1, 7, 4093, 65_537, 333]), ...extra };
}

export function webStream(data: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= data.length) return controller.close();
      controller.enqueue(data.slice(at, at + chunkSize));
      at += chunkSize;
    },
  });
}

export async function* asAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

export function text(s: string): Uint8Array {
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
export function parseZip(zip: Uint8Array): ParsedZip {
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
export function unzipWithInfoZip(zip: Uint8Array): { test: string; files: Map<string, Buffer> } {
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

export function expectSameFiles(actual: Map<string, Uint8Array> | Record<string, Uint8Array>, expected: Record<string, Uint8Array>): void {
  const entries = actual instanceof Map ? [...actual] : Object.entries(actual);
  expect(entries.map(([name]) => name).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, data] of entries) expect(Buffer.from(data).equals(expected[name]!), name).toBe(true);
}
