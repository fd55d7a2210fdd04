// Lays out the archive as it streams: each entry's offset, its unique stored name, its CRC and size,
// and the central directory kept in 64 KiB blocks until the end. The bytes come from zip-records.ts.
import { crc32 } from './crc32';
import type { Zip64Thresholds, ZipProgress, ZipSource } from './stream-zip';
import { centralHeader, dataDescriptor, dosDateTime, endRecords, localHeader, type Entry } from './zip-records';

const DIRECTORY_BLOCK = 64 * 1024;
const utf8 = new TextEncoder();

/** Lays out the archive and tracks the offset, every byte it hands out being written in that order. */
export class ZipWriter {
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
export class CentralDirectory {
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
