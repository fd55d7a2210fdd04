// What the archive holds: names, bytes, dates, ZIP64 fields, checked by a strict reader and Info-ZIP.
import { randomBytes } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { crc32 } from './crc32';
import { createZipStream, streamZip, ZipNameError, type ZipProgress, type ZipSource } from './stream-zip';
import {
  hasUnzip,
  MiB,
  collect,
  chunked,
  fromBytes,
  webStream,
  asAsync,
  text,
  parseZip,
  unzipWithInfoZip,
  expectSameFiles,
} from '../testing/zip-archives';

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
