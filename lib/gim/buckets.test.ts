import { describe, expect, it } from 'vitest';
import { COUNT_ROW, PART_CHARS, chunkOrder, entriesOf, partsOf, planDay } from './buckets';
import { paths } from './keys';
import { mergeAgents, type InteractionSummary } from './records';

const DAY = Date.parse('2026-11-29T00:00:00Z') / 1000;
const OLD = 'export_7000100_2026_11_29_08_20_00';
const NEW = 'export_7000200_2026_11_29_16_20_00';

function ixn(n: number, over: Partial<InteractionSummary> = {}): InteractionSummary {
  return {
    guid: `00G${String(n).padStart(5, '0')}`,
    exportId: String(1000 + n),
    startSec: DAY + n * 600,
    endSec: DAY + n * 600 + 120,
    media: 'VOICE',
    mediaName: 'Voice',
    direction: 'INBOUND',
    directionName: 'Inbound',
    customer: `1555010${String(n % 3).padStart(4, '0')}`,
    agents: [{ name: 'Alvarez, Maria', employeeId: 'EMP10231' }],
    chunk: OLD,
    ...over,
  };
}
const at = (chunk: string) => ({ order: chunkOrder(chunk) });
const day = paths.day(DAY).partitionKey;

/** What a day partition and the path buckets hold after a plan's writes. */
function apply(store: Map<string, string | number>, plan: ReturnType<typeof planDay>) {
  for (const side of [plan.paths, plan.day]) {
    for (const k of side.deletes) store.delete(`${k.partitionKey}\n${k.rowKey}`);
    for (const w of side.writes) store.set(`${w.partitionKey}\n${w.rowKey}`, 'v' in w ? w.v : w.n);
  }
}
function dayView(store: Map<string, string | number>): Map<string, InteractionSummary> {
  const out = new Map<string, InteractionSummary>();
  for (const [k, v] of store)
    if (k.startsWith(`${day}\n`) && !k.endsWith(COUNT_ROW)) for (const s of entriesOf(v as string)) out.set(s.guid, s);
  return out;
}
const listed = (store: Map<string, string | number>, partition: string) =>
  [...store]
    .filter(([k]) => k.startsWith(`${partition}\n`) && !k.endsWith(COUNT_ROW))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([, v]) => entriesOf(v as string).map((s) => s.guid));

describe('planning a day of the index', () => {
  it('writes every path of new interactions, counts them, and a second time changes nothing', () => {
    const store = new Map<string, string | number>();
    const rows = [1, 2, 3, 4].map((n) => ({ ...ixn(n), ...at(OLD) }));
    const first = planDay(day, new Map(), rows);
    expect(first.added).toBe(4);
    expect(first.changed.map((c) => c.guid)).toEqual(rows.map((r) => r.guid));
    apply(store, first);
    expect(store.get(`${day}\n${COUNT_ROW}`)).toBe(4);
    // Newest first on the day path; the agent's buckets list all four, the customer's only theirs.
    expect(listed(store, day)).toEqual(['00G00004', '00G00003', '00G00002', '00G00001']);
    expect(listed(store, paths.agent('emp10231').partitionKey)).toEqual(['00G00004', '00G00003', '00G00002', '00G00001']);
    const again = planDay(day, dayView(store), rows);
    expect(again).toMatchObject({ added: 0, changed: [], paths: { writes: [], deletes: [] }, day: { writes: [], deletes: [] } });
  });

  it('a later chunk wins, an earlier one changes nothing, and agents sent before are kept', () => {
    const store = new Map<string, string | number>();
    apply(store, planDay(day, new Map(), [{ ...ixn(1), ...at(OLD) }]));
    const later = { ...ixn(1, { endSec: DAY + 900, chunk: NEW, agents: [{ name: 'Chen, Wei', employeeId: 'EMP10244' }] }), ...at(NEW) };
    const plan = planDay(day, dayView(store), [later]);
    expect(plan.added).toBe(0);
    apply(store, plan);
    const now = dayView(store).get('00G00001')!;
    expect(now.endSec).toBe(DAY + 900);
    expect(now.agents.map((a) => a.employeeId)).toEqual(['EMP10244', 'EMP10231']);
    // Renamed between chunks (same employee id): one agent, the newer name; a namesake with another id stays apart.
    const renamed = {
      ...ixn(1, { chunk: NEW, endSec: DAY + 960, agents: [{ name: 'Alvarez-Ruiz, Maria', employeeId: 'EMP10231' }] }),
      ...at(NEW),
    };
    apply(store, planDay(day, dayView(store), [renamed]));
    expect(dayView(store).get('00G00001')!.agents).toEqual([
      { name: 'Alvarez-Ruiz, Maria', employeeId: 'EMP10231' },
      { name: 'Chen, Wei', employeeId: 'EMP10244' },
    ]);
    expect(mergeAgents([{ name: 'Chen, Wei', employeeId: 'EMP1' }], [{ name: 'Wei Chen', employeeId: 'EMP2' }])).toHaveLength(2);
    expect(mergeAgents([{ name: 'Chen, Wei', employeeId: 'EMP1' }], [{ name: 'wei chen', employeeId: '' }])).toHaveLength(1);
    const stale = planDay(day, dayView(store), [{ ...ixn(1), ...at(OLD) }]);
    expect(stale.changed).toEqual([]);
  });

  it('moves an interaction off the buckets of a customer it no longer has, and removes what is pruned', () => {
    const store = new Map<string, string | number>();
    apply(
      store,
      planDay(
        day,
        new Map(),
        [1, 2].map((n) => ({ ...ixn(n), ...at(OLD) })),
      ),
    );
    const c = paths.customer(ixn(1).customer).partitionKey;
    expect(listed(store, c)).toContain('00G00001');
    apply(store, planDay(day, dayView(store), [{ ...ixn(1, { customer: 'someone@example.com', chunk: NEW }), ...at(NEW) }]));
    expect(listed(store, paths.customer(ixn(1).customer).partitionKey).filter((g) => g === '00G00001')).toEqual([]);
    expect(listed(store, paths.customer('someone@example.com').partitionKey)).toContain('00G00001');
    const pruned = planDay(day, dayView(store), [], new Set(['00G00001', '00G00002']));
    expect(pruned.removed.map((r) => r.guid).sort()).toEqual(['00G00001', '00G00002']);
    apply(store, pruned);
    expect([...store.keys()]).toEqual([]);
  });

  it('splits a crowded bucket into parts that keep newest first and stay under a property', () => {
    const many = Array.from({ length: 600 }, (_, n) => ixn(1, { guid: `00C${String(n).padStart(5, '0')}`, startSec: DAY + n }));
    const parts = partsOf(many);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(PART_CHARS);
    const back = parts.flatMap(entriesOf);
    expect(back.map((s) => s.startSec)).toEqual([...many].reverse().map((s) => s.startSec));
    expect(back[0]).toEqual(many[599]);
  });
});
