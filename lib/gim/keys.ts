// The interactions index's keys, pure. Azure's table design guidance: one entity per access path
// where a query would otherwise scan (by customer address, by agent, by day, by interaction id),
// each row key the inverted start time, so a partition lists newest first and a time range is a
// row-key range.

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

/** Table keys may not hold / \ # ? or control characters: those (and %) are percent-encoded. */
export function keySafe(s: string): string {
  return s.replace(/[/\\#?%\u0000-\u001f\u007f-\u009f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).slice(0, 512);
}

const MAX_TS = 9_999_999_999;

export function invertedTs(sec: number): string {
  return String(MAX_TS - sec).padStart(10, '0');
}

export const ID_ROW = 'interaction';

export const partitions = {
  id: (guid: string) => `i|${keySafe(guid)}`,
  day: (startSec: number) => `d|${new Date(startSec * 1000).toISOString().slice(0, 10)}`,
  customer: (address: string) => `c|${keySafe(normalizeAddress(address))}`,
  agent: (nameOrId: string) => `a|${keySafe(normalizeAgent(nameOrId))}`,
};

export function rowKey(startSec: number, guid: string): string {
  return `${invertedTs(startSec)}|${keySafe(guid)}`;
}

/** Row keys of starts in [fromSec, toSec): inverted, so the later bound comes first. */
export function rowRange(fromSec: number, toSec: number): { ge: string; lt: string } {
  return { ge: invertedTs(toSec - 1), lt: invertedTs(fromSec - 1) };
}

/** The day partitions a range touches, newest first. */
export function dayPartitions(fromSec: number, toSec: number): string[] {
  const out: string[] = [];
  for (let day = Math.floor((toSec - 1) / 86_400); day >= Math.floor(fromSec / 86_400); day--) out.push(partitions.day(day * 86_400));
  return out;
}
