// The bytes of a STORE zip's records (local header, data descriptor, central header, the end records
// with their ZIP64 forms, the extra fields and DOS dates), little-endian, each sized up front.
import type { Zip64Thresholds } from './stream-zip';

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

export type Entry = {
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

/** What the end records say about the central directory. */
type DirectorySummary = { count: number; size: number; usesZip64: boolean };

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

export function localHeader(entry: Entry): Uint8Array {
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

export function dataDescriptor(entry: Entry): Uint8Array {
  const fields = new Fields(entry.zip64Sizes ? 24 : 16).u32(SIGNATURE.descriptor).u32(entry.crc);
  return (entry.zip64Sizes ? fields.u64(entry.size).u64(entry.size) : fields.u32(entry.size).u32(entry.size)).bytes;
}

export function centralHeader(entry: Entry, zip64: boolean): Uint8Array {
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

export function endRecords(directory: DirectorySummary, start: number, thresholds: Zip64Thresholds, comment: Uint8Array): Uint8Array {
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
export function dosDateTime(when: Date): { time: number; date: number } {
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
