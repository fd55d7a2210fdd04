import { describe, expect, it } from 'vitest';
import { demoBlobBytes, demoRecordings, type DemoRecording } from './recordings';

const TENANT = 'mytenant';
const ANCHOR = new Date('2026-11-29T12:00:00Z');
const DAY_MS = 86_400_000;
// The Genesys form: <tenant>/<InteractionId>_<YYYY-MM-DD>_<HH-MM-SS>-<8 hex>-<8 hex>-<8 digit seq>.mp3.bin
const NAME = /^mytenant\/(00[0-9A-Z]{30})_(\d{4}-\d{2}-\d{2})_(\d{2})-(\d{2})-(\d{2})-[0-9A-F]{8}-[0-9A-F]{8}-(\d{8})\.mp3\.bin$/;
const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const recs = demoRecordings({ tenant: TENANT, anchor: ANCHOR, count: 600 });

function startMs(rec: DemoRecording): number {
  const m = NAME.exec(rec.name);
  if (!m) throw new Error(`bad name ${rec.name}`);
  return Date.parse(`${m[2]}T${m[3]}:${m[4]}:${m[5]}Z`);
}

describe('demoRecordings', () => {
  it('returns exactly count recordings with unique Genesys-style names', () => {
    expect(recs).toHaveLength(600);
    expect(new Set(recs.map((r) => r.name)).size).toBe(600);
    for (const rec of recs) {
      const m = NAME.exec(rec.name);
      expect(m, rec.name).not.toBeNull();
      expect(m?.[1]).toBe(rec.interactionId);
    }
    expect(NAME.test('mytenant/003H1G2A6K8AF5PFKG5S02LAES0000V3_2021-05-21_06-19-26-0064020A-10013025-00000001.mp3.bin')).toBe(true);
  });

  it('keeps start and StoredTime within the 29.5 days before the anchor, in string = time order', () => {
    for (const rec of recs) {
      expect(rec.storedTime).toMatch(STORED_TIME);
      const stored = Date.parse(rec.storedTime);
      const start = startMs(rec);
      expect(start).toBeGreaterThanOrEqual(ANCHOR.getTime() - 29.5 * DAY_MS);
      expect(stored).toBeLessThanOrEqual(ANCHOR.getTime());
      // StoredTime = start + duration (>= 30 s) + upload lag (1-3 min).
      expect(stored - start).toBeGreaterThanOrEqual(90_000);
      expect(stored - start).toBeLessThanOrEqual(18 * 60_000);
    }
    const byString = [...recs].sort((a, b) => (a.storedTime < b.storedTime ? -1 : a.storedTime > b.storedTime ? 1 : 0));
    const byTime = [...recs].sort((a, b) => Date.parse(a.storedTime) - Date.parse(b.storedTime));
    expect(byString.map((r) => r.storedTime)).toEqual(byTime.map((r) => r.storedTime));
    // Spread over the whole window, not bunched up.
    const days = new Set(recs.map((r) => r.storedTime.slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(25);
  });

  it('is deterministic and depends on tenant, anchor and seed', () => {
    expect(demoRecordings({ tenant: TENANT, anchor: new Date(ANCHOR), count: 600 })).toEqual(recs);
    const first = recs[0]?.name;
    expect(demoRecordings({ tenant: TENANT, anchor: ANCHOR, count: 600, seed: 2 })[0]?.name).not.toBe(first);
    expect(demoRecordings({ tenant: TENANT, anchor: new Date(ANCHOR.getTime() + 1000), count: 600 })).not.toEqual(recs);
    expect(demoRecordings({ tenant: 'other', anchor: ANCHOR, count: 3 }).every((r) => r.name.startsWith('other/'))).toBe(true);
  });

  it('has about two CALL recordings per SCREEN recording, some on the same interaction', () => {
    const screens = recs.filter((r) => r.recordingType === 'SCREEN').length;
    expect(screens / recs.length).toBeGreaterThan(0.25);
    expect(screens / recs.length).toBeLessThan(0.42);
    const types = new Map<string, string[]>();
    for (const rec of recs) types.set(rec.interactionId, [...(types.get(rec.interactionId) ?? []), rec.recordingType]);
    const both = [...types.values()].filter((t) => t.length === 2);
    expect(both.length).toBeGreaterThan(20);
    for (const t of both) expect(t.sort()).toEqual(['CALL', 'SCREEN']);
  });

  it('sizes match 30 s .. 15 min of encrypted media', () => {
    for (const rec of recs) {
      const [lo, hi] = rec.recordingType === 'CALL' ? [60_000, 1_801_000] : [90_000, 2_701_000];
      expect(rec.size).toBeGreaterThanOrEqual(lo);
      expect(rec.size).toBeLessThanOrEqual(hi);
    }
  });
});

describe('demoBlobBytes', () => {
  it('gives exactly size bytes, deterministic and different per recording', () => {
    const [a, b] = recs;
    if (!a || !b) throw new Error('need two recordings');
    const bytes = demoBlobBytes(a);
    expect(bytes.length).toBe(a.size);
    expect(demoBlobBytes(a).equals(bytes)).toBe(true);
    expect(demoBlobBytes(b).subarray(0, 64).equals(bytes.subarray(0, 64))).toBe(false);
    expect(demoBlobBytes({ ...a, size: 1_001 }).length).toBe(1_001);
  });

  it('looks like ciphertext (flat byte histogram)', () => {
    const rec = recs.find((r) => r.size > 500_000);
    if (!rec) throw new Error('need a large recording');
    const counts = new Array<number>(256).fill(0);
    for (const byte of demoBlobBytes(rec)) counts[byte] = (counts[byte] ?? 0) + 1;
    const expected = rec.size / 256;
    for (const c of counts) expect(Math.abs(c - expected) / expected).toBeLessThan(0.1);
  });
});
