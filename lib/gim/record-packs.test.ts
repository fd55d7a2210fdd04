import { describe, expect, it } from 'vitest';
import { chunkOrder } from './buckets';
import {
  fromProps,
  idRange,
  idSlice,
  idsIn,
  newestPlace,
  packsOf,
  recordRange,
  recordSlice,
  recordsIn,
  toProps,
  withoutIds,
  type FullRecord,
  type PackEntity,
} from './record-packs';

const OLD = 'export_7000100_2026_11_29_08_20_00';
const NEW = 'export_7000200_2026_11_29_16_20_00';
const DAY = '2026-11-29';
const START = Date.parse(`${DAY}T00:00:00Z`) / 1000;

function rec(n: number, over: Partial<FullRecord> = {}): FullRecord {
  return {
    guid: `00G${String(n).padStart(6, '0')}`,
    exportId: String(1000 + n),
    startSec: START + n,
    endSec: START + n + 120,
    media: 'VOICE',
    mediaName: 'Voice',
    direction: 'INBOUND',
    directionName: 'Inbound',
    customer: '15550102030',
    agents: [{ name: 'Alvarez, Maria', employeeId: 'EMP10231' }],
    chunk: OLD,
    fields: { INTERACTION_ID: String(1000 + n), NOTE: 'x'.repeat(300) },
    ...over,
  };
}

const inRange = (e: PackEntity, r: { partitionKey: string; ge: string; lt: string }) =>
  e.partitionKey === r.partitionKey && e.rowKey >= r.ge && e.rowKey < r.lt;

describe('record packs', () => {
  it('packs a chunk-day in few entities, each property under 64 KiB of UTF-16 and each entity under 1 MiB', () => {
    const records = Array.from({ length: 5_000 }, (_, n) => ({ day: DAY, record: rec(n) }));
    const packs = packsOf(records);
    // 16 record slices and 64 id slices, a part or two each, instead of 5,000 entities.
    expect(packs.records.length).toBeGreaterThanOrEqual(16);
    expect(packs.records.length).toBeLessThanOrEqual(32);
    expect(packs.ids.length).toBe(64);
    for (const e of [...packs.records, ...packs.ids]) {
      let chars = 0;
      for (const [k, v] of Object.entries(e)) {
        if (k === 'partitionKey' || k === 'rowKey') continue;
        expect(v.length).toBeLessThanOrEqual(30_000);
        chars += v.length;
      }
      expect(chars * 2).toBeLessThan(1024 * 1024 - 64 * 1024);
    }
    // Every record is in its slice's range, with every field, once.
    const all = packs.records.flatMap(recordsIn);
    expect(all.length).toBe(5_000);
    const r = rec(4242);
    const range = recordRange(r.guid, DAY, chunkOrder(OLD));
    const found = packs.records.filter((e) => inRange(e, range)).flatMap(recordsIn);
    expect(found.find((x) => x.guid === r.guid)).toEqual(r);
    expect(packs.ids.flatMap(idsIn).sort()).toEqual(records.map((x) => x.record.guid).sort());
  });

  it('cuts a long list into properties without splitting a surrogate pair', () => {
    const json = JSON.stringify(['a'.repeat(29_997) + '😀'.repeat(20_000)]);
    const props = toProps(json);
    expect(Object.keys(props).length).toBeGreaterThan(1);
    // No property ends in a high surrogate (its low half in the next property).
    for (const v of Object.values(props)) expect(/[\ud800-\udbff]$/.test(v)).toBe(false);
    expect(fromProps(props)).toBe(json);
  });

  it('finds an id by its slice alone, the later chunk winning', () => {
    const r = rec(7);
    const old = packsOf([{ day: DAY, record: r }]);
    const later = packsOf([{ day: DAY, record: { ...r, endSec: r.endSec! + 45, chunk: NEW } }]);
    const range = idRange(idSlice(r.guid));
    const ids = [...later.ids, ...old.ids].filter((e) => inRange(e, range));
    expect(ids.length).toBe(2);
    expect(newestPlace(ids, r.guid)).toEqual({ day: DAY, order: chunkOrder(NEW) });
    expect(newestPlace(ids, rec(8).guid)).toBeUndefined();
    const place = newestPlace(ids, r.guid)!;
    const records = [...old.records, ...later.records].filter((e) => inRange(e, recordRange(r.guid, place.day, place.order)));
    expect(records.flatMap(recordsIn)).toEqual([{ ...r, endSec: r.endSec! + 45, chunk: NEW }]);
  });

  it('removes pruned ids from a pack: unchanged, rewritten, or deleted when empty', () => {
    // Two records of one slice, so one pack holds both.
    const a = rec(1);
    const b = rec(Array.from({ length: 200 }, (_, n) => n + 2).find((n) => recordSlice(rec(n).guid) === recordSlice(a.guid))!);
    const [both] = packsOf([a, b].map((record) => ({ day: DAY, record }))).records;
    expect(recordsIn(both!).map((x) => x.guid)).toEqual([a.guid, b.guid]);
    expect(withoutIds(both!, new Set(['nobody']), 'record')).toBeUndefined();
    const rewritten = withoutIds(both!, new Set([a.guid]), 'record')!;
    expect(rewritten.rowKey).toBe(both!.rowKey);
    expect(recordsIn(rewritten)).toEqual([b]);
    expect(withoutIds(both!, new Set([a.guid, b.guid]), 'record')).toBeNull();
    const [ids] = packsOf([{ day: DAY, record: a }]).ids;
    expect(withoutIds(ids!, new Set([a.guid]), 'id')).toBeNull();
  });
});
