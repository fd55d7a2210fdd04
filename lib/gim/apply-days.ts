import 'server-only';
// The index's one write path: changes to whole days (a chunk's interactions, or a pruning), planned
// in memory from the day partitions (buckets.ts) and written in an order that survives a stop.
import { mapLimit } from '../concurrency';
import { COUNT_ROW, entriesOf, planDay } from './buckets';
import { removeRecords, writeRecords } from './record-store';
import type { InteractionSummary } from './records';
import { indexTable, readPartition, writeBatches } from './store';

export type DayChanges = {
  upserts: (InteractionSummary & { order: string })[];
  removals?: Set<string>;
  /** Each upserted interaction's export fields. */
  fields?: Map<string, Record<string, string>>;
};

/**
 * The days the last chunk wrote, as written: the next chunk mostly starts on the same days, and
 * one run holding the lease is the only writer, so it need not read them back.
 */
export type HeldDays = Map<string, ReadonlyMap<string, InteractionSummary>>;

/** A day partition's entries, by interaction id. */
export async function readDay(dayPartition: string): Promise<Map<string, InteractionSummary>> {
  const out = new Map<string, InteractionSummary>();
  for (const e of await readPartition<{ v?: string }>(await indexTable('indexer'), dayPartition))
    if (e.rowKey !== COUNT_ROW && e.v) for (const s of entriesOf(e.v)) out.set(s.guid, s);
  return out;
}

/**
 * Applies changes to whole days, in the order that keeps the index whole if a run stops midway:
 * the records (record-store.ts) and the customer and agent buckets first, each day's own buckets and count last (one
 * transaction a day, as a rule), so a day that shows an interaction has all its paths written, and
 * running the same chunk again rewrites the same entities.
 */
export async function applyDays(changes: Map<string, DayChanges>, held?: HeldDays): Promise<{ added: number; removed: number }> {
  const plans = await mapLimit([...changes], 4, async ([day, c]) => ({
    day,
    c,
    plan: planDay(day, held?.get(day) ?? (await readDay(day)), c.upserts, c.removals),
  }));
  const buckets = await indexTable('indexer');
  // A pruned interaction leaves the records first, so it is never found by id without its paths.
  await removeRecords(new Map(plans.map(({ day, plan }) => [day.slice(2), new Set(plan.removed.map((s) => s.guid))])));
  // A day's record packs of a chunk are rewritten whole: every entry of the day now from that chunk.
  const records = plans.flatMap(({ day, c, plan }) => {
    const chunks = new Set(plan.changed.map((s) => s.chunk));
    return [...plan.next.values()]
      .filter((s) => chunks.has(s.chunk))
      .map((s) => ({ day: day.slice(2), record: { ...s, fields: c.fields?.get(s.guid) ?? {} } }));
  });
  await writeRecords(records);
  await writeBatches(buckets, { upserts: plans.flatMap((p) => p.plan.paths.writes), deletes: plans.flatMap((p) => p.plan.paths.deletes) });
  await writeBatches(buckets, { upserts: plans.flatMap((p) => p.plan.day.writes), deletes: plans.flatMap((p) => p.plan.day.deletes) });
  if (held) {
    held.clear();
    for (const { day, plan } of plans) held.set(day, plan.next);
  }
  return { added: plans.reduce((n, p) => n + p.plan.added, 0), removed: plans.reduce((n, p) => n + p.plan.removed.length, 0) };
}
