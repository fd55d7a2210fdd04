// What changes in the index when a day's interactions change, pure. A day partition's buckets are
// the truth: the indexer reads the whole day, applies a chunk (or a pruning) to it in memory, and
// rewrites only the buckets whose entries changed, on every path; the customer and agent buckets
// are recomputed from the day's entries, so nothing else is read.
import { bucketKey, parseChunkName, partKey, type Path } from './keys';
import { decodeEntry, encodeEntry, mergeAgents, pathsOf, type InteractionSummary } from './records';

/** The day's interaction count, beside its buckets (written in the same transaction). */
export const COUNT_ROW = '~count';
/** A bucket entity's list stays under a string property's 64 KiB (UTF-16); more entries go to the next part. */
export const PART_CHARS = 30_000;

export type Keyed = { partitionKey: string; rowKey: string };
export type BucketEntity = Keyed & { v: string };
export type CountEntity = Keyed & { n: number };

const newestFirst = (a: InteractionSummary, b: InteractionSummary) =>
  b.startSec - a.startSec || (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0);

// An entry's JSON, made once: a chunk's plan packs each entry of the day on every path, before and after.
const jsonOf = new WeakMap<InteractionSummary, string>();

export function entryJson(e: InteractionSummary): string {
  let json = jsonOf.get(e);
  if (json === undefined) jsonOf.set(e, (json = JSON.stringify(encodeEntry(e))));
  return json;
}

/** A bucket's entries, newest first, as the JSON of its part entities. */
export function partsOf(entries: readonly InteractionSummary[]): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let length = 2;
  for (const e of [...entries].sort(newestFirst)) {
    const json = entryJson(e);
    if (current.length && length + json.length + 1 > PART_CHARS) {
      parts.push(`[${current.join(',')}]`);
      current = [];
      length = 2;
    }
    current.push(json);
    length += json.length + 1;
  }
  if (current.length) parts.push(`[${current.join(',')}]`);
  return parts;
}

export function entriesOf(v: string): InteractionSummary[] {
  return (JSON.parse(v) as unknown[][]).map(decodeEntry);
}

/** The order of the chunk an entry came from (chunk folders sort by high-water mark, then date). */
export function chunkOrder(folder: string): string {
  return parseChunkName(`${folder}/${folder}.zip`)?.order ?? '';
}

const idOf = (path: Path, startSec: number) => `${path.partitionKey}\n${bucketKey(path, startSec)}`;

function bucketsOf(entries: Iterable<InteractionSummary>, touched: ReadonlySet<string>): Map<string, InteractionSummary[]> {
  const out = new Map<string, InteractionSummary[]>();
  for (const e of entries)
    for (const path of pathsOf(e)) {
      const id = idOf(path, e.startSec);
      if (!touched.has(id)) continue;
      const list = out.get(id);
      if (list) list.push(e);
      else out.set(id, [e]);
    }
  return out;
}

export type DayPlan = {
  /** Bucket parts of the customer and agent paths to write, and parts no longer needed. */
  paths: { writes: BucketEntity[]; deletes: Keyed[] };
  /** The day partition's own bucket parts and count (last: once written, the day is done). */
  day: { writes: (BucketEntity | CountEntity)[]; deletes: Keyed[] };
  /** Interactions whose record must be written (new, or a later version). */
  changed: InteractionSummary[];
  removed: InteractionSummary[];
  /** The day's entries once the changes are applied. */
  next: ReadonlyMap<string, InteractionSummary>;
  added: number;
};

/**
 * Applies `upserts` (a later version wins; an equal one changes nothing) and `removals` to the
 * entries `stored` in the day partition `dayPartition`.
 */
export function planDay(
  dayPartition: string,
  stored: ReadonlyMap<string, InteractionSummary>,
  upserts: readonly (InteractionSummary & { order: string })[],
  removals: ReadonlySet<string> = new Set(),
): DayPlan {
  const next = new Map(stored);
  const touched = new Set<string>();
  const touch = (e: InteractionSummary) => pathsOf(e).forEach((p) => touched.add(idOf(p, e.startSec)));
  const changed: InteractionSummary[] = [];
  const removed: InteractionSummary[] = [];
  let added = 0;
  for (const { order, ...row } of upserts) {
    const before = next.get(row.guid);
    if (before && chunkOrder(before.chunk) > order) continue;
    // An export sends an interaction again without the agents it already sent: they stay.
    const e = before ? { ...row, agents: mergeAgents(row.agents, before.agents) } : row;
    if (before && entryJson(before) === entryJson(e)) continue;
    if (before) touch(before);
    else added++;
    touch(e);
    next.set(e.guid, e);
    changed.push(e);
  }
  for (const guid of removals) {
    const before = next.get(guid);
    if (!before) continue;
    touch(before);
    next.delete(guid);
    removed.push(before);
  }
  const old = bucketsOf(stored.values(), touched);
  const now = bucketsOf(next.values(), touched);
  const plan: DayPlan = { paths: { writes: [], deletes: [] }, day: { writes: [], deletes: [] }, changed, removed, next, added };
  for (const id of touched) {
    const [partitionKey, rowKey] = id.split('\n') as [string, string];
    const side = partitionKey === dayPartition ? plan.day : plan.paths;
    const parts = partsOf(now.get(id) ?? []);
    const before = partsOf(old.get(id) ?? []).length;
    parts.forEach((v, n) => side.writes.push({ partitionKey, rowKey: partKey(rowKey, n), v }));
    for (let n = parts.length; n < before; n++) side.deletes.push({ partitionKey, rowKey: partKey(rowKey, n) });
  }
  if (changed.length || removed.length) {
    if (next.size) plan.day.writes.push({ partitionKey: dayPartition, rowKey: COUNT_ROW, n: next.size });
    else if (stored.size) plan.day.deletes.push({ partitionKey: dayPartition, rowKey: COUNT_ROW });
  }
  return plan;
}
