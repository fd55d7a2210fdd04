import 'server-only';
// The index's one write path: changes to whole days (a chunk's interactions, or a pruning), planned
// in memory from the day partitions (buckets.ts) and written in an order that survives a stop.
import { mapLimit } from '../concurrency';
import { COUNT_ROW, entriesOf, planDay } from './buckets';
import { recordEntity, recordKey, type InteractionSummary } from './records';
import { indexTable, readPartition, recordsTable, writeBatches } from './store';

export type DayChanges = {
  upserts: (InteractionSummary & { order: string })[];
  removals?: Set<string>;
  /** Each upserted interaction's export fields. */
  fields?: Map<string, Record<string, string>>;
};

/** A day partition's entries, by interaction id. */
export async function readDay(dayPartition: string): Promise<Map<string, InteractionSummary>> {
  const out = new Map<string, InteractionSummary>();
  for (const e of await readPartition<{ v?: string }>(await indexTable('indexer'), dayPartition))
    if (e.rowKey !== COUNT_ROW && e.v) for (const s of entriesOf(e.v)) out.set(s.guid, s);
  return out;
}

/**
 * Applies changes to whole days, in the order that keeps the index whole if a run stops midway:
 * the records and the customer and agent buckets first, each day's own buckets and count last (one
 * transaction a day, as a rule), so a day that shows an interaction has all its paths written, and
 * running the same chunk again rewrites the same entities.
 */
export async function applyDays(changes: Map<string, DayChanges>): Promise<{ added: number; removed: number }> {
  const plans = await mapLimit([...changes], 4, async ([day, c]) => ({
    day,
    c,
    plan: planDay(day, await readDay(day), c.upserts, c.removals),
  }));
  const [records, buckets] = await Promise.all([recordsTable('indexer'), indexTable('indexer')]);
  const upserts = plans.flatMap(({ c, plan }) => plan.changed.map((s) => recordEntity({ ...s, fields: c.fields?.get(s.guid) ?? {} })));
  const deletes = plans.flatMap(({ plan }) => plan.removed.map((s) => recordKey(s.guid)));
  // A pruned interaction loses its record first, so it is never found by id without its paths.
  await writeBatches(records, { deletes });
  await writeBatches(records, { upserts });
  await writeBatches(buckets, { upserts: plans.flatMap((p) => p.plan.paths.writes), deletes: plans.flatMap((p) => p.plan.paths.deletes) });
  await writeBatches(buckets, { upserts: plans.flatMap((p) => p.plan.day.writes), deletes: plans.flatMap((p) => p.plan.day.deletes) });
  return { added: plans.reduce((n, p) => n + p.plan.added, 0), removed: plans.reduce((n, p) => n + p.plan.removed.length, 0) };
}
