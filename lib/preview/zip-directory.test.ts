import { inflateSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ascii, concat, le16, le32, le64, prng, utf8 } from './test-bytes';
import {
  entryDataRange,
  findEndOfCentralDirectory,
  LOCAL_HEADER_BYTES,
  MAX_ZIP_ENTRIES,
  parseCentralDirectory,
  ZIP_TAIL_BYTES,
  type ZipEntry,
} from './zip-directory';

const tailOf = (file: Uint8Array) => file.subarray(Math.max(0, file.length - ZIP_TAIL_BYTES));

function list(file: Uint8Array): ZipEntry[] {
  const directory = findEndOfCentralDirectory(tailOf(file), file.length);
  if (directory === undefined) return [];
  return parseCentralDirectory(file.subarray(directory.cdOffset, directory.cdOffset + directory.cdSize));
}

// What the server does: range-read the local header, then the data, then inflate if needed.
function readEntry(file: Uint8Array, entry: ZipEntry): Uint8Array | undefined {
  const range = entryDataRange(file.subarray(entry.localHeaderOffset, entry.localHeaderOffset + LOCAL_HEADER_BYTES), entry);
  if (range === undefined) return undefined;
  const data = file.subarray(range.start, range.start + range.length);
  return entry.method === 8 ? inflateSync(data) : data;
}

const csv = utf8('call_id,agent,duration\n' + Array.from({ length: 200 }, (_, i) => `${i},agent-${i % 7},${i * 3}`).join('\n'));
const notes = utf8('Quality review notes. '.repeat(300));
// DOS times have 2-second resolution and no zone: fflate writes local wall-clock time.
const mtime = new Date(2026, 2, 1, 10, 20, 30);
const fixture = zipSync(
  {
    exports: { '2026-03': { 'calls.csv': [csv, { level: 0 }] } },
    'notes.txt': [notes, { level: 9 }],
    'résumé.txt': utf8('UTF-8 name'),
  },
  { mtime },
);

describe('zip: listing', () => {
  it('finds the central directory from the tail and lists every entry', () => {
    const directory = findEndOfCentralDirectory(tailOf(fixture), fixture.length);
    expect(directory?.entries).toBe(5);
    const entries = list(fixture);
    expect(entries.map((e) => [e.name, e.isDirectory, e.method])).toEqual([
      ['exports/', true, 8],
      ['exports/2026-03/', true, 8],
      ['exports/2026-03/calls.csv', false, 0],
      ['notes.txt', false, 8],
      ['résumé.txt', false, 8],
    ]);
    const calls = entries[2];
    expect(calls).toMatchObject({
      size: csv.length,
      compressedSize: csv.length,
      modified: '2026-03-01T10:20:30',
      encrypted: false,
      unsafeName: false,
    });
    expect(entries[3]?.compressedSize).toBeLessThan(notes.length);
  });

  it('reads a stored and a deflated entry back to the original bytes', () => {
    const entries = list(fixture);
    expect(readEntry(fixture, entries[2] as ZipEntry)).toEqual(csv);
    expect(readEntry(fixture, entries[3] as ZipEntry)).toEqual(notes);
  });

  it('works when the tail is only the end of a big file', () => {
    const big = zipSync({ 'recording.wav': [new Uint8Array(200_000).fill(1), { level: 0 }], 'meta.json': utf8('{"ok":true}') });
    const tail = tailOf(big);
    expect(tail.length).toBeLessThan(big.length);
    const entries = list(big);
    expect(entries.map((e) => e.name)).toEqual(['recording.wav', 'meta.json']);
    expect(new TextDecoder().decode(readEntry(big, entries[1] as ZipEntry))).toBe('{"ok":true}');
  });

  it('skips an end-record signature inside the archive comment', () => {
    const comment = [...ascii('see PK'), 5, 6, ...ascii(' inside')];
    const withComment = concat(fixture, comment);
    withComment.set(le16(comment.length), fixture.length - 2);
    expect(list(withComment)).toHaveLength(5);
  });

  it('lists an empty zip', () => {
    const empty = Uint8Array.from([...ascii('PK'), 5, 6, ...new Array(18).fill(0)]);
    expect(findEndOfCentralDirectory(empty, empty.length)).toEqual({ cdOffset: 0, cdSize: 0, entries: 0 });
    expect(parseCentralDirectory(new Uint8Array(0))).toEqual([]);
  });

  it('prefers a UTC extended timestamp over the DOS time', () => {
    const seconds = Date.UTC(2026, 0, 15, 8, 0, 0) / 1000;
    const file = zipSync({ 'a.txt': [utf8('a'), { extra: { 0x5455: Uint8Array.from([1, ...le32(seconds)]) } }] });
    expect(list(file)[0]?.modified).toBe('2026-01-15T08:00:00.000Z');
  });

  it('flags unsafe names but reports them as they are', () => {
    const names = ['../evil.txt', 'a/../../b.txt', '/etc/passwd', 'C:\\Windows\\x.dll', 'ok/..hidden/file.txt', 'ok.txt'];
    const file = zipSync(Object.fromEntries(names.map((name) => [name, utf8('x')])));
    expect(list(file).map((e) => [e.name, e.unsafeName])).toEqual([
      ['../evil.txt', true],
      ['a/../../b.txt', true],
      ['/etc/passwd', true],
      ['C:\\Windows\\x.dll', true],
      ['ok/..hidden/file.txt', false],
      ['ok.txt', false],
    ]);
  });
});

type CentralHeader = { name: number[]; flags?: number; sizes?: [number, number, number]; extra?: number[]; time?: number; date?: number };

// A central directory header written by hand, for what fflate never produces.
function centralHeader({
  name,
  flags = 0,
  sizes = [1, 1, 0],
  extra = [],
  time = 0,
  date = (46 << 9) | (3 << 5) | 1,
}: CentralHeader): Uint8Array {
  const [compressedSize, size, offset] = sizes;
  return Uint8Array.from([
    ...le32(0x02014b50),
    ...le16(20),
    ...le16(20),
    ...le16(flags),
    ...le16(0),
    ...le16(time),
    ...le16(date),
    ...le32(0),
    ...le32(compressedSize),
    ...le32(size),
    ...le16(name.length),
    ...le16(extra.length),
    ...le16(0),
    ...le16(0),
    ...le16(0),
    ...le32(0),
    ...le32(offset),
    ...name,
    ...extra,
  ]);
}

describe('zip: formats fflate does not write', () => {
  it('decodes names without the UTF-8 flag as Latin-1, and with it as UTF-8', () => {
    const latin1 = centralHeader({ name: [...ascii('caf'), 0xe9, ...ascii('.csv')] });
    const flagged = centralHeader({ name: Array.from(utf8('café.csv')), flags: 0x800 });
    expect(parseCentralDirectory(concat(latin1, flagged)).map((e) => e.name)).toEqual(['café.csv', 'café.csv']);
  });

  it('reports encrypted entries and DOS dates, and leaves invalid dates empty', () => {
    const [entry] = parseCentralDirectory(centralHeader({ name: ascii('x'), flags: 1, time: (23 << 11) | (59 << 5) | 29 }));
    expect(entry).toMatchObject({ encrypted: true, modified: '2026-03-01T23:59:58' });
    const [bad] = parseCentralDirectory(centralHeader({ name: ascii('x'), date: (46 << 9) | (2 << 5) | 30 })); // 30 February
    expect(bad?.modified).toBe('');
  });

  it('reads ZIP64 sizes and offsets from the extra field', () => {
    const big = 5 * 2 ** 32 + 7;
    const extra = [...le16(1), ...le16(24), ...le64(big), ...le64(big - 100), ...le64(2 ** 33)];
    const [entry] = parseCentralDirectory(centralHeader({ name: ascii('huge.wav'), sizes: [0xffffffff, 0xffffffff, 0xffffffff], extra }));
    expect(entry).toMatchObject({ size: big, compressedSize: big - 100, localHeaderOffset: 2 ** 33 });
  });

  it('stops at an entry whose ZIP64 value is missing', () => {
    const missing = centralHeader({ name: ascii('x'), sizes: [0xffffffff, 1, 0] });
    expect(parseCentralDirectory(concat(centralHeader({ name: ascii('ok') }), missing)).map((e) => e.name)).toEqual(['ok']);
  });

  it('follows the ZIP64 end-of-central-directory locator', () => {
    const eocdAt = fixture.length - 22;
    const cdSize = fixture[eocdAt + 12]! | (fixture[eocdAt + 13]! << 8);
    const cdOffset = eocdAt - cdSize;
    const record = [
      ...le32(0x06064b50),
      ...le64(44),
      ...le16(45),
      ...le16(45),
      ...le32(0),
      ...le32(0),
      ...le64(5),
      ...le64(5),
      ...le64(cdSize),
      ...le64(cdOffset),
    ];
    const locator = [...le32(0x07064b50), ...le32(0), ...le64(eocdAt), ...le32(1)];
    const end = [
      ...le32(0x06054b50),
      ...le16(0xffff),
      ...le16(0xffff),
      ...le16(0xffff),
      ...le16(0xffff),
      ...le32(0xffffffff),
      ...le32(0xffffffff),
      ...le16(0),
    ];
    const zip64 = concat(fixture.subarray(0, eocdAt), record, locator, end);
    expect(findEndOfCentralDirectory(tailOf(zip64), zip64.length)).toEqual({ cdOffset, cdSize, entries: 5 });
    expect(list(zip64)).toHaveLength(5);
  });

  it(`caps the listing at ${MAX_ZIP_ENTRIES} entries`, () => {
    const one = centralHeader({ name: ascii('f') });
    const cd = new Uint8Array(one.length * (MAX_ZIP_ENTRIES + 50));
    for (let i = 0; i < MAX_ZIP_ENTRIES + 50; i++) cd.set(one, i * one.length);
    expect(parseCentralDirectory(cd)).toHaveLength(MAX_ZIP_ENTRIES);
  });
});

describe('zip: hostile input never throws', () => {
  it('rejects impossible sizes and pointers', () => {
    expect(findEndOfCentralDirectory(tailOf(fixture), fixture.length - 1)).toBeUndefined(); // tail longer than the file
    expect(findEndOfCentralDirectory(tailOf(fixture), Number.NaN)).toBeUndefined();
    const pointsPastEnd = fixture.slice();
    pointsPastEnd.set(le32(fixture.length), fixture.length - 6); // cdOffset beyond the end record
    expect(findEndOfCentralDirectory(tailOf(pointsPastEnd), pointsPastEnd.length)).toBeUndefined();
    const tooManyEntries = fixture.slice();
    tooManyEntries.set([...le16(0xfff0), ...le16(0xfff0)], fixture.length - 14);
    expect(findEndOfCentralDirectory(tailOf(tooManyEntries), tooManyEntries.length)).toBeUndefined();
    expect(entryDataRange(utf8('not a header at all, thirty+ bytes'), { localHeaderOffset: 0, compressedSize: 1 })).toBeUndefined();
    expect(entryDataRange(new Uint8Array(10), { localHeaderOffset: 0, compressedSize: 1 })).toBeUndefined();
  });

  it('returns undefined for every truncation of the tail, or [] / a prefix for a cut directory', () => {
    for (let cut = 1; cut < fixture.length; cut++) {
      const truncated = fixture.subarray(0, fixture.length - cut);
      expect(findEndOfCentralDirectory(tailOf(truncated), truncated.length)).toBeUndefined();
    }
    const directory = findEndOfCentralDirectory(tailOf(fixture), fixture.length)!;
    const cd = fixture.subarray(directory.cdOffset, directory.cdOffset + directory.cdSize);
    for (let length = 0; length < cd.length; length++) {
      expect(parseCentralDirectory(cd.subarray(0, length)).length).toBeLessThan(5);
    }
  });

  it('survives random bytes and 2,000 random corruptions of a real zip', () => {
    const random = prng(42);
    for (let trial = 0; trial < 300; trial++) {
      const noise = Uint8Array.from({ length: 1 + Math.floor(random() * 400) }, () => Math.floor(random() * 256));
      expect(findEndOfCentralDirectory(noise, noise.length)).toBeUndefined();
      expect(() => parseCentralDirectory(noise)).not.toThrow();
    }
    for (let trial = 0; trial < 2000; trial++) {
      const corrupt = fixture.slice();
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
        corrupt[Math.floor(random() * corrupt.length)] = Math.floor(random() * 256);
      }
      expect(() => {
        for (const entry of list(corrupt)) {
          entryDataRange(corrupt.subarray(entry.localHeaderOffset, entry.localHeaderOffset + LOCAL_HEADER_BYTES), entry);
        }
      }).not.toThrow();
    }
  });
});
