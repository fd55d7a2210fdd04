// Lists a zip's entries from its tail and central directory alone, so a preview never downloads the whole archive. Pure.

/** Past this many entries the listing stops: enough for any real export, bounded for hostile ones. */
export const MAX_ZIP_ENTRIES = 10_000;
/** Read this much of the end of the file for `findEndOfCentralDirectory`: a 22-byte record plus the longest comment. */
export const ZIP_TAIL_BYTES = 22 + 0xffff;
/** Read this much at an entry's `localHeaderOffset` for `entryDataRange`. */
export const LOCAL_HEADER_BYTES = 30;

export type ZipDirectory = { cdOffset: number; cdSize: number; entries: number };

export type ZipEntry = {
  name: string;
  compressedSize: number;
  size: number;
  /** 0 = stored, 8 = deflated; anything else cannot be previewed. */
  method: number;
  localHeaderOffset: number;
  /**
   * ISO 8601. With a UTC timestamp in the entry it ends in `Z`; otherwise it is the zip's DOS
   * wall-clock time, which carries no zone, so it has none either. Empty when the date is invalid.
   */
  modified: string;
  isDirectory: boolean;
  /** Flag bit 0: the data cannot be read without a password. */
  encrypted: boolean;
  /** `..` segments, absolute or drive paths, or NUL: show the name, never use it as a path. */
  unsafeName: boolean;
};

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER_BYTES = 46;
const UINT32_MAX = 0xffffffff;

// Out-of-range reads give 0; every caller checks bounds first, this only keeps a slip harmless.
const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number) => u16(b, at) + u16(b, at + 2) * 0x10000;
// May exceed 2^53 on hostile input; callers reject with Number.isSafeInteger.
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 0x100000000;

function zip64Directory(tail: Uint8Array, locatorAt: number, tailStart: number): ZipDirectory | undefined {
  // One disk only: the record must be on disk 0 and the disk count (some writers leave 0) at most 1.
  if (u32(tail, locatorAt + 4) !== 0 || u32(tail, locatorAt + 16) > 1) return undefined;
  const recordOffset = u64(tail, locatorAt + 8);
  const at = recordOffset - tailStart;
  if (!Number.isSafeInteger(recordOffset) || at < 0 || at + 56 > locatorAt || u32(tail, at) !== ZIP64_EOCD) return undefined;
  if (u32(tail, at + 16) !== 0 || u32(tail, at + 20) !== 0) return undefined;
  const entries = u64(tail, at + 32);
  const cdSize = u64(tail, at + 40);
  const cdOffset = u64(tail, at + 48);
  if (u64(tail, at + 24) !== entries) return undefined;
  return checked({ cdOffset, cdSize, entries }, recordOffset);
}

// The central directory must sit before the record that describes it and hold 46+ bytes per entry.
function checked(directory: ZipDirectory, recordOffset: number): ZipDirectory | undefined {
  const { cdOffset, cdSize, entries } = directory;
  if (![cdOffset, cdSize, entries].every(Number.isSafeInteger)) return undefined;
  if (cdOffset + cdSize > recordOffset || entries * CENTRAL_HEADER_BYTES > cdSize) return undefined;
  return directory;
}

function readEndRecord(tail: Uint8Array, at: number, tailStart: number): ZipDirectory | undefined {
  const locatorAt = at - 20;
  if (locatorAt >= 0 && u32(tail, locatorAt) === ZIP64_LOCATOR) return zip64Directory(tail, locatorAt, tailStart);
  const entries = u16(tail, at + 10);
  // Split archives are not supported: this disk must be the only one and hold every entry.
  if (u16(tail, at + 4) !== 0 || u16(tail, at + 6) !== 0 || u16(tail, at + 8) !== entries) return undefined;
  return checked({ cdOffset: u32(tail, at + 16), cdSize: u32(tail, at + 12), entries }, tailStart + at);
}

/**
 * Where the central directory is, from the last up-to-`ZIP_TAIL_BYTES` bytes of a file of
 * `fileSize` bytes. undefined when there is no plausible end record, including a ZIP64 one whose
 * record lies outside `tail`.
 */
export function findEndOfCentralDirectory(tail: Uint8Array, fileSize: number): ZipDirectory | undefined {
  if (!Number.isSafeInteger(fileSize) || tail.length > fileSize) return undefined;
  const tailStart = fileSize - tail.length;
  const lowest = Math.max(0, tail.length - ZIP_TAIL_BYTES);
  for (let at = tail.length - 22; at >= lowest; at--) {
    // Requiring the comment to reach exactly the end skips signatures that occur inside a comment.
    if (u32(tail, at) !== EOCD || at + 22 + u16(tail, at + 20) !== tail.length) continue;
    const directory = readEndRecord(tail, at, tailStart);
    if (directory !== undefined) return directory;
  }
  return undefined;
}

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // Without flag bit 11 the name is CP437; its ASCII half is what real names use, and latin1 keeps the rest visible.
  let name = '';
  for (const byte of bytes) name += String.fromCharCode(byte);
  return name;
}

function isUnsafeName(name: string): boolean {
  return /^[\\/]/.test(name) || /^[a-z]:/i.test(name) || name.includes('\0') || name.split(/[\\/]/).includes('..');
}

function dosTime(time: number, date: number): string {
  const year = (date >> 9) + 1980;
  const month = (date >> 5) & 15;
  const day = date & 31;
  const hour = time >> 11;
  const minute = (time >> 5) & 63;
  const second = (time & 31) * 2; // stored in 2-second units
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

type Sizes = { size: number; compressedSize: number; localHeaderOffset: number };
type Extra = Sizes & { utcModified?: string };
const SIZE_KEYS = ['size', 'compressedSize', 'localHeaderOffset'] as const;

/**
 * Applies the ZIP64 extra field (0x0001) to the 32-bit values that are saturated, and reads the
 * extended timestamp (0x5455) when present. undefined when a needed ZIP64 value is missing.
 */
function readExtra(extra: Uint8Array, sizes: Sizes): Extra | undefined {
  const result: Extra = { ...sizes };
  for (let at = 0; at + 4 <= extra.length;) {
    const id = u16(extra, at);
    const length = u16(extra, at + 2);
    const data = at + 4;
    if (data + length > extra.length) break;
    if (id === 0x0001) {
      let field = data;
      // Only saturated values are present, in this order.
      for (const key of SIZE_KEYS) {
        if (sizes[key] !== UINT32_MAX || field + 8 > data + length) continue;
        result[key] = u64(extra, field);
        field += 8;
      }
    } else if (id === 0x5455 && length >= 5 && (extra[data] ?? 0) & 1) {
      // Seconds since 1970 as a signed 32-bit value.
      result.utcModified = new Date((u32(extra, data + 1) | 0) * 1000).toISOString();
    }
    at = data + length;
  }
  const complete = SIZE_KEYS.every((key) => result[key] !== UINT32_MAX && Number.isSafeInteger(result[key]));
  return complete ? result : undefined;
}

/**
 * The entries of a central directory (the `cdSize` bytes at `cdOffset`). Stops quietly at the
 * first malformed header or after `MAX_ZIP_ENTRIES`, returning what it read so far.
 */
export function parseCentralDirectory(cd: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = [];
  for (let at = 0; entries.length < MAX_ZIP_ENTRIES && at + CENTRAL_HEADER_BYTES <= cd.length;) {
    if (u32(cd, at) !== CENTRAL_HEADER) break;
    const flags = u16(cd, at + 8);
    const nameStart = at + CENTRAL_HEADER_BYTES;
    const extraStart = nameStart + u16(cd, at + 28);
    const commentStart = extraStart + u16(cd, at + 30);
    const end = commentStart + u16(cd, at + 32);
    if (end > cd.length) break;
    const extra = readExtra(cd.subarray(extraStart, commentStart), {
      compressedSize: u32(cd, at + 20),
      size: u32(cd, at + 24),
      localHeaderOffset: u32(cd, at + 42),
    });
    if (extra === undefined) break;
    const name = decodeName(cd.subarray(nameStart, extraStart), (flags & 0x800) !== 0);
    entries.push({
      name,
      compressedSize: extra.compressedSize,
      size: extra.size,
      method: u16(cd, at + 10),
      localHeaderOffset: extra.localHeaderOffset,
      modified: extra.utcModified ?? dosTime(u16(cd, at + 12), u16(cd, at + 14)),
      isDirectory: name.endsWith('/') || name.endsWith('\\'),
      encrypted: (flags & 1) !== 0,
      unsafeName: isUnsafeName(name),
    });
    at = end;
  }
  return entries;
}

/**
 * Where an entry's compressed data lies in the file, given the `LOCAL_HEADER_BYTES` at its
 * `localHeaderOffset`. The local name and extra lengths can differ from the central directory's,
 * so they are read here; the size comes from the central directory because a local header
 * followed by a data descriptor carries zeros.
 */
export function entryDataRange(
  localHeader: Uint8Array,
  entry: Pick<ZipEntry, 'localHeaderOffset' | 'compressedSize'>,
): { start: number; length: number } | undefined {
  if (localHeader.length < LOCAL_HEADER_BYTES || u32(localHeader, 0) !== LOCAL_HEADER) return undefined;
  const start = entry.localHeaderOffset + LOCAL_HEADER_BYTES + u16(localHeader, 26) + u16(localHeader, 28);
  if (!Number.isSafeInteger(start + entry.compressedSize)) return undefined;
  return { start, length: entry.compressedSize };
}
