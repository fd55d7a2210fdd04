import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucket,
  bucketKey,
  dayPaths,
  keySafe,
  normalizeAddress,
  normalizeAgent,
  parseChunkName,
  partKey,
  paths,
  rowRange,
  sortChunks,
} from './keys';

describe('index keys', () => {
  it('a phone number is its digits however it is written; an email is lowercased', () => {
    for (const written of ['+1 (555) 010-2030', '15550102030', '1-555-010-2030', 'tel:+1.555.010.2030', ' +1 555 010 2030 '])
      expect(normalizeAddress(written)).toBe('15550102030');
    expect(normalizeAddress(' Jordan.Smith@Example.com')).toBe('jordan.smith@example.com');
    expect(paths.customer('+1 (555) 010-2030')).toEqual(paths.customer('15550102030'));
  });

  it('an agent matches by name in any order or case, or by employee id', () => {
    expect(normalizeAgent('Alvarez, Maria')).toBe(normalizeAgent('maria ALVAREZ'));
    expect(normalizeAgent("O'Connor, Siobhan")).toBe(normalizeAgent("siobhan o'connor"));
    expect(normalizeAgent('EMP10231')).toBe('emp10231');
  });

  it('reads chunk names and orders them by high-water mark', () => {
    const a = parseChunkName('export_900_2026_11_02_08_20_00/export_900_2026_11_02_08_20_00.zip')!;
    const b = parseChunkName('export_1200_2026_11_01_16_20_00/export_1200_2026_11_01_16_20_00.zip')!;
    expect(a).toMatchObject({ folder: 'export_900_2026_11_02_08_20_00', hwm: 900, date: '2026-11-02T08:20:00Z' });
    expect(sortChunks([b, a]).map((c) => c.hwm)).toEqual([900, 1200]);
    expect(parseChunkName('export_900_2026_11_02_08_20_00/other.zip')).toBeUndefined();
    expect(parseChunkName('export_900_2026_13_02_08_20_00/export_900_2026_13_02_08_20_00.zip')).toBeUndefined();
    expect(parseChunkName('gim/export_1_2026_11_02_08_20_00/export_1_2026_11_02_08_20_00.zip', 'gim/')?.hwm).toBe(1);
  });

  it('a time range is a row-key range, newest first, on every path', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1e9, max: 2e9 }),
        fc.integer({ min: 1, max: 31 * 86_400 }),
        fc.integer({ min: -100_000, max: 3e6 }),
        (from, length, offset) => {
          const to = from + length;
          const start = from + offset;
          for (const path of [paths.customer('15550102030'), paths.agent('emp1')]) {
            // A bucket in the range may hold starts outside it (the search tests each entry); none outside holds one inside.
            const rk = partKey(bucketKey(path, start), 3);
            const { ge, lt } = rowRange(path, from, to);
            if (start >= from && start < to) expect(rk >= ge && rk < lt).toBe(true);
            const slotted = Math.floor(start / path.slotSec) * path.slotSec;
            if (slotted + path.slotSec <= from || slotted >= to) expect(rk >= ge && rk < lt).toBe(false);
          }
        },
      ),
    );
    expect(bucketKey(paths.day(100), 7200) < bucketKey(paths.day(100), 100)).toBe(true);
    expect(
      dayPaths(Date.parse('2026-11-01T12:00:00Z') / 1000, Date.parse('2026-11-03T00:00:00Z') / 1000).map((p) => p.partitionKey),
    ).toEqual(['d|2026-11-02', 'd|2026-11-01']);
  });

  it('keys never hold what Azure refuses, and buckets spread values', () => {
    expect(keySafe('a/b\\c#d?e%f|g\u0001')).toBe('a%2Fb%5Cc%23d%3Fe%25f%7Cg%01');
    const seen = new Set(Array.from({ length: 200 }, (_, i) => bucket(`0012345${i}`)));
    expect(seen.size).toBe(16);
  });
});
