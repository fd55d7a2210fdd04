// The records table's layout, pure. One entity per interaction made Azurite's per-entity work
// (about 1 ms, growing with the partition) most of the indexing time, so records are packed:
// - a record pack holds the records (summary and every export field) that one chunk gave for one
//   day, split in 16 slices by a hash of the id: partition `<day>`, row `<chunk order>|<slice>|<part>`;
//   a chunk writes it once and never reads it back, and a result row (which names its day and
//   chunk) finds its record with one query on that row-key prefix;
// - an id pack lists the ids of a record pack's day and chunk, split in 64 slices by another hash:
//   partition `ids|<slice mod 16>` (Azurite's work per entity grows with its partition), row
//   `<slice>|<day>|<chunk order>|<part>`; an id alone finds its day and newest chunk with one range
//   query of its slice, which reads 1/64 of the ids indexed (a later chunk's version wins).
// Lists are JSON, cut into properties v0, v1… of at most 30,000 chars (a string property holds
// 64 KiB of UTF-16); a part holds at most 400,000 chars (an entity holds 1 MiB), more go to the next.
import { chunkOrder } from './buckets';
import { hash32 } from './keys';
import { decodeEntry, encodeEntry, type InteractionSummary } from './records';

export type FullRecord = InteractionSummary & { fields: Record<string, string> };
type Keyed = { partitionKey: string; rowKey: string };
export type PackEntity = Keyed & Record<string, string>;

/** The id packs' partition of a slice. */
export const idPartition = (slice: string) => `ids|${(parseInt(slice, 16) % 16).toString(16)}`;
const PROP_CHARS = 30_000;
const PART_CHARS = 400_000;
/** Export fields above this are dropped from the record (an export row is far smaller). */
const FIELDS_CHARS = 100_000;

export const recordSlice = (guid: string) => (hash32(`r\u0000${guid}`) % 16).toString(16);
export const idSlice = (guid: string) => (hash32(guid) % 64).toString(16).padStart(2, '0');
const part = (n: number) => String(n).padStart(2, '0');

/** A JSON text as properties v0, v1…, never cutting a surrogate pair in two. */
export function toProps(json: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let at = 0, n = 0; at < json.length; n++) {
    let end = Math.min(json.length, at + PROP_CHARS);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end--;
    out[`v${n}`] = json.slice(at, end);
    at = end;
  }
  return out;
}

export function fromProps(e: Record<string, unknown>): string {
  let s = '';
  for (let n = 0; typeof e[`v${n}`] === 'string'; n++) s += e[`v${n}`] as string;
  return s;
}

/** JSON items as parts of one list: `<rowKey>|00`, `|01`… */
function parts(partitionKey: string, rowKey: string, items: readonly string[]): PackEntity[] {
  const out: PackEntity[] = [];
  let current: string[] = [];
  let length = 2;
  const flush = () => {
    out.push({ partitionKey, rowKey: `${rowKey}|${part(out.length)}`, ...toProps(`[${current.join(',')}]`) });
    current = [];
    length = 2;
  };
  for (const item of items) {
    if (current.length && length + item.length + 1 > PART_CHARS) flush();
    current.push(item);
    length += item.length + 1;
  }
  if (current.length) flush();
  return out;
}

function push(groups: Map<string, string[]>, key: string, item: string) {
  const list = groups.get(key);
  if (list) list.push(item);
  else groups.set(key, [item]);
}

export function encodeRecord(r: FullRecord): string {
  const fields = JSON.stringify(r.fields);
  return `[${JSON.stringify(encodeEntry(r))},${fields.length > FIELDS_CHARS ? '{}' : fields}]`;
}

/**
 * The record and id packs of whole (day, chunk) pairs: every record given must be one of the
 * pair's, and the pair's packs are written whole (`day` is YYYY-MM-DD).
 */
export function packsOf(records: readonly { day: string; record: FullRecord }[]): { records: PackEntity[]; ids: PackEntity[] } {
  const byRecordRow = new Map<string, string[]>();
  const byIdRow = new Map<string, string[]>();
  for (const { day, record } of records) {
    const order = chunkOrder(record.chunk);
    push(byRecordRow, `${day}\n${order}|${recordSlice(record.guid)}`, encodeRecord(record));
    push(byIdRow, `${idSlice(record.guid)}|${day}|${order}`, JSON.stringify(record.guid));
  }
  const out = { records: [] as PackEntity[], ids: [] as PackEntity[] };
  for (const [key, items] of byRecordRow) {
    const [day, rowKey] = key.split('\n') as [string, string];
    out.records.push(...parts(day, rowKey, items));
  }
  for (const [rowKey, items] of byIdRow) out.ids.push(...parts(idPartition(rowKey.slice(0, 2)), rowKey, items));
  return out;
}

export function recordsIn(e: Record<string, unknown>): FullRecord[] {
  return (JSON.parse(fromProps(e) || '[]') as [unknown[], Record<string, string>][]).map(([entry, fields]) => ({
    ...decodeEntry(entry),
    fields,
  }));
}

export function idsIn(e: Record<string, unknown>): string[] {
  return JSON.parse(fromProps(e) || '[]') as string[];
}

/** The parts of the record pack that holds `guid` for a day and chunk (its order): `ge` ≤ row key < `lt`. */
export function recordRange(guid: string, day: string, order: string): { partitionKey: string; ge: string; lt: string } {
  const prefix = `${order}|${recordSlice(guid)}|`;
  return { partitionKey: day, ge: prefix, lt: `${prefix}~` };
}

/** Every id pack of one id slice; with `day`, only those of that day. */
export function idRange(slice: string, day?: string): { partitionKey: string; ge: string; lt: string } {
  const prefix = `${slice}|${day ? `${day}|` : ''}`;
  return { partitionKey: idPartition(slice), ge: prefix, lt: `${prefix}~` };
}

/** Where the newest record of `guid` is, from the id packs of its slice. */
export function newestPlace(
  entities: readonly (Keyed & Record<string, unknown>)[],
  guid: string,
): { day: string; order: string } | undefined {
  let best: { day: string; order: string } | undefined;
  for (const e of entities) {
    const [, day, order] = e.rowKey.split('|') as [string, string, string];
    if ((!best || order > best.order) && idsIn(e).includes(guid)) best = { day, order };
  }
  return best;
}

/** A pack without the ids in `gone`: unchanged (undefined), rewritten, or deleted (null) when empty. */
export function withoutIds(
  e: Keyed & Record<string, unknown>,
  gone: ReadonlySet<string>,
  kind: 'record' | 'id',
): PackEntity | null | undefined {
  const items: unknown[] = JSON.parse(fromProps(e) || '[]');
  const idOf = (item: unknown) => (kind === 'id' ? (item as string) : ((item as [unknown[]])[0][0] as string));
  const kept = items.filter((item) => !gone.has(idOf(item)));
  if (kept.length === items.length) return undefined;
  if (!kept.length) return null;
  return { partitionKey: e.partitionKey, rowKey: e.rowKey, ...toProps(JSON.stringify(kept)) };
}
