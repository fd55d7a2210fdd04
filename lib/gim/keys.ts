// The interactions index's keys, pure. Azure's table design guidance: an access path wherever a
// query would otherwise scan (by customer address, by agent, by day, by interaction id), each
// bucket's row key the inverted start of its slot, so a partition lists newest first and a time
// range is a row-key range.

/** A chunk blob: `<prefix>export_<hwm>_<YYYY_MM_DD_HH_MI_SS>/export_<same>.zip`. */
export type ChunkName = { blob: string; folder: string; hwm: number; date: string; order: string };

const CHUNK = /^(.*?)(export_(\d{1,19})_(\d{4})_(\d{2})_(\d{2})_(\d{2})_(\d{2})_(\d{2}))\/\2\.zip$/;

export function parseChunkName(blob: string, prefix = ''): ChunkName | undefined {
  const m = CHUNK.exec(blob);
  if (!m || m[1] !== prefix) return undefined;
  const date = `${m[4]}-${m[5]}-${m[6]}T${m[7]}:${m[8]}:${m[9]}Z`;
  if (Number.isNaN(Date.parse(date))) return undefined;
  // Audit keys only grow: the high-water mark orders chunks; the date breaks a tie.
  return { blob, folder: m[2] as string, hwm: Number(m[3]), date, order: `${(m[3] as string).padStart(19, '0')}_${date}` };
}

export function sortChunks(names: readonly ChunkName[]): ChunkName[] {
  return [...names].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
}

/** A phone number written any way (`+1 (555) 010-2030`, `tel:15550102030`) is its digits; anything else (email, SIP) is trimmed and lowercased. */
export function normalizeAddress(raw: string): string {
  const s = raw.trim().toLowerCase().replace(/^tel:/, '');
  if (/^[+\d\s().\-/]+$/.test(s) && /\d/.test(s)) return s.replace(/\D/g, '');
  return s;
}

/** An agent's name in any order or case (`Alvarez, Maria`, `maria alvarez`) or an employee id: its words, lowercased and sorted. */
export function normalizeAgent(raw: string): string {
  return raw
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** Table keys may not hold / \\ # ? or control characters: those (and %, and the | that separates key parts) are percent-encoded. */
export function keySafe(s: string): string {
  return s
    .replace(/[/\\#?%|\u0000-\u001f\u007f-\u009f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .slice(0, 400);
}

const MAX_TS = 9_999_999_999;

export function invertedTs(sec: number): string {
  return String(MAX_TS - sec).padStart(10, '0');
}

/** FNV-1a of a string: spreads values over partitions and slices the same way in every process. */
export function hash32(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Customer addresses and agents are spread over 16 partitions each by a hash of the value (the
 * value itself leads the row key): one chunk's writes then go out as a few entity-group
 * transactions rather than one call per entity, and a value's buckets stay one row-key range.
 */
export function bucket(value: string): string {
  return (hash32(value) % 16).toString(16);
}

/**
 * An access path: where its buckets live (partition, row-key prefix) and how wide a bucket is.
 * Azure's index-entities pattern: each bucket entity lists the summaries of the interactions that
 * started in its slot, newest first, so a search reads a few entities rather than one per match.
 */
export type Path = { kind: 'day' | 'customer' | 'agent'; partitionKey: string; prefix: string; slotSec: number };

const HOUR = 3_600;
const DAY = 86_400;

export const paths = {
  /** One partition a day, a bucket an hour. */
  day: (startSec: number): Path => ({
    kind: 'day',
    partitionKey: `d|${new Date(Math.floor(startSec / DAY) * DAY * 1000).toISOString().slice(0, 10)}`,
    prefix: '',
    slotSec: HOUR,
  }),
  /** A bucket per customer and day (most customers call rarely). */
  customer: (address: string): Path => {
    const norm = normalizeAddress(address);
    return { kind: 'customer', partitionKey: `c|${bucket(norm)}`, prefix: `${keySafe(norm)}|`, slotSec: DAY };
  },
  /** A bucket per agent and hour. */
  agent: (nameOrId: string): Path => {
    const norm = normalizeAgent(nameOrId);
    return { kind: 'agent', partitionKey: `a|${bucket(norm)}`, prefix: `${keySafe(norm)}|`, slotSec: HOUR };
  },
};

export const slotOf = (path: Path, sec: number) => Math.floor(sec / path.slotSec) * path.slotSec;

/** A bucket's id on its path: the prefix, then its inverted slot (newest first). Parts follow as `|00`, `|01`. */
export function bucketKey(path: Path, startSec: number): string {
  return `${path.prefix}${invertedTs(slotOf(path, startSec))}`;
}

export const partKey = (bucketRowKey: string, part: number) => `${bucketRowKey}|${String(part).padStart(2, '0')}`;

/** The bucket row keys on `path` that may hold starts in [fromSec, toSec): inverted, so the later bound comes first. */
export function rowRange(path: Path, fromSec: number, toSec: number): { ge: string; lt: string } {
  return { ge: `${bucketKey(path, toSec - 1)}|`, lt: `${bucketKey(path, fromSec)}|~` };
}

/** The day paths a range touches, newest first. */
export function dayPaths(fromSec: number, toSec: number): Path[] {
  const out: Path[] = [];
  for (let day = Math.floor((toSec - 1) / DAY); day >= Math.floor(fromSec / DAY); day--) out.push(paths.day(day * DAY));
  return out;
}
