/**
 * The demo's Genesys Info Mart Data Export, in Genesys' shape: incremental chunks written at 00:20,
 * 08:20 and 16:20 GMT, each a folder `export_<audit key high-water mark>_<YYYY_MM_DD_HH_MI_SS>`
 * (the latest data exported so far) holding `export_<same>.zip` with one RFC 4180 UTF-8 CSV per
 * table. It agrees with the recordings: every recording's interaction has its rows; some
 * interactions have none (chats, unrecorded calls); and now and then an interaction is exported
 * again in the next chunk with a later END_TS, the last one winning. Pure and deterministic.
 */
import { zipSync } from 'fflate';
import { toCsv } from '../gim/csv';
import { base32hex, createRng, durationSecOf, hashString, pickStartSec, startMsOf, type DemoRecording } from './recordings';

export type DemoInteraction = {
  guid: string;
  id: string;
  media: 'VOICE' | 'CHAT';
  direction: 'INBOUND' | 'OUTBOUND';
  startSec: number;
  endSec: number;
  /** The customer's phone (digits, as switches report ANI) or, for chats, email. */
  customer: string;
  agentKey: number;
  queueKey: number;
  recorded: boolean;
};

export type ExportChunk = { folder: string; runAt: Date; interactions: DemoInteraction[] };
export type GimExportFile = { name: string; body: Buffer; contentType: string };

const TENANT_KEY = 1;
export const CONTACT_CENTER_NUMBER = '18005550100';
export const AGENTS = [
  { key: 101, first: 'Maria', last: 'Alvarez', employeeId: 'EMP10231', login: 'malvarez' },
  { key: 102, first: 'Wei', last: 'Chen', employeeId: 'EMP10244', login: 'wchen' },
  { key: 103, first: 'Siobhan', last: "O'Connor", employeeId: 'EMP10257', login: 'soconnor' },
  { key: 104, first: 'Chinedu', last: 'Okafor', employeeId: 'EMP10262', login: 'cokafor' },
  { key: 105, first: 'Jonas', last: 'Schmidt', employeeId: 'EMP10278', login: 'jschmidt' },
  { key: 106, first: 'Linh', last: 'Nguyen', employeeId: 'EMP10283', login: 'lnguyen' },
  { key: 107, first: 'Anna', last: 'Kowalski', employeeId: 'EMP10295', login: 'akowalski' },
  { key: 108, first: 'Karim', last: 'Haddad', employeeId: 'EMP10301', login: 'khaddad' },
] as const;
const QUEUES = [
  { key: 201, name: 'VQ_Sales_EN' },
  { key: 202, name: 'VQ_Support_EN' },
  { key: 203, name: 'VQ_Support_ES' },
  { key: 204, name: 'VQ_Billing_EN' },
  { key: 205, name: 'VQ_Outbound_Collections' },
] as const;
const MEDIA = { VOICE: { key: 1, name: 'Voice', online: 1 }, CHAT: { key: 2, name: 'Chat', online: 1 } } as const;
const TYPES = {
  INBOUND: { key: 1, name: 'Inbound', sub: 'InboundNew' },
  OUTBOUND: { key: 2, name: 'Outbound', sub: 'OutboundNew' },
} as const;
const FIRST = ['Jordan', 'Priya', 'Sam', 'Lee', 'Ana', 'Tomas', 'Grace', 'Omar', 'Ines', 'Noah', 'Mei', 'Ravi'] as const;
const LAST = ['Smith', 'Patel', 'Turner', 'Garcia', 'Berg'] as const;
const AREA_CODES = ['212', '312', '415', '617', '713'] as const;

/** A small pool, so customers call more than once (as a subject access request expects). */
function customer(n: number): { phone: string; email: string } {
  const first = FIRST[n % FIRST.length] as string;
  const last = LAST[Math.floor(n / FIRST.length) % LAST.length] as string;
  // 555-01xx numbers are reserved for fiction.
  return {
    phone: `1${AREA_CODES[n % AREA_CODES.length]}55501${String(n).padStart(2, '0')}`,
    email: `${first}.${last}@example.com`.toLowerCase(),
  };
}
const CUSTOMERS = 30;

function exportId(guid: string): string {
  return String(1_000_000_000_000 + hashString(guid) * 1000 + (hashString(`${guid}#`) % 1000));
}

function describe(
  guid: string,
  media: DemoInteraction['media'],
): Pick<DemoInteraction, 'direction' | 'customer' | 'agentKey' | 'queueKey'> {
  const rng = createRng(hashString(guid));
  const direction = media === 'CHAT' || rng.float() < 0.75 ? 'INBOUND' : 'OUTBOUND';
  const who = customer(rng.u32() % CUSTOMERS);
  return {
    direction,
    customer: media === 'CHAT' ? who.email : who.phone,
    agentKey: rng.pick(AGENTS).key,
    queueKey: direction === 'OUTBOUND' ? 205 : rng.pick(QUEUES.slice(0, 4)).key,
  };
}

/** The interactions behind `recs` (one per interaction id), plus about a quarter as many without a recording. */
export function demoInteractions(recs: readonly DemoRecording[], opts: { tenant: string; anchor: Date }): DemoInteraction[] {
  const spans = new Map<string, { start: number; end: number }>();
  for (const rec of recs) {
    const start = Math.floor(startMsOf(rec) / 1000);
    const end = start + durationSecOf(rec);
    const span = spans.get(rec.interactionId);
    spans.set(rec.interactionId, { start, end: Math.max(end, span?.end ?? 0) });
  }
  const out: DemoInteraction[] = [...spans].map(([guid, span]) => ({
    guid,
    id: exportId(guid),
    media: 'VOICE',
    startSec: span.start,
    endSec: span.end,
    recorded: true,
    ...describe(guid, 'VOICE'),
  }));
  const rng = createRng(hashString(`${opts.tenant}\u0000unrecorded`));
  const extra = Math.round(spans.size / 4);
  for (let i = 0; i < extra; i++) {
    const media = rng.float() < 0.6 ? 'CHAT' : 'VOICE';
    const durationSec = Math.round(60 * 20 ** rng.float());
    const startSec = pickStartSec(rng, opts.anchor.getTime(), durationSec);
    const guid = `00${base32hex(rng, 24)}U${String(i).padStart(5, '0')}`;
    out.push({ guid, id: exportId(guid), media, startSec, endSec: startSec + durationSec, recorded: false, ...describe(guid, media) });
  }
  return out.sort((a, b) => a.startSec - b.startSec || (a.guid < b.guid ? -1 : 1));
}

const RUN_HOURS = [0, 8, 16];
const RUN_MINUTE = 20;

function stamp(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 19).replace(/[-T:]/g, '_');
}

/**
 * The chunks, oldest first: each run takes the interactions that ended since the previous run; a
 * last chunk at the anchor takes the rest. Every seventh chunk's first recorded call comes again in
 * the next chunk, 45 seconds longer (after-call work ended later).
 */
export function exportChunks(interactions: readonly DemoInteraction[], opts: { anchor: Date; prefix?: string }): ExportChunk[] {
  const anchorSec = Math.floor(opts.anchor.getTime() / 60_000) * 60;
  const first = interactions.reduce((min, i) => Math.min(min, i.endSec), anchorSec);
  const runs: number[] = [];
  for (let day = Math.floor(first / 86_400) * 86_400; day <= anchorSec; day += 86_400) {
    for (const h of RUN_HOURS) {
      const at = day + h * 3600 + RUN_MINUTE * 60;
      if (at > first && at <= anchorSec) runs.push(at);
    }
  }
  if (runs.at(-1) !== anchorSec) runs.push(anchorSec);
  const byEnd = [...interactions].sort((a, b) => a.endSec - b.endSec || (a.guid < b.guid ? -1 : 1));
  const buckets: DemoInteraction[][] = runs.map(() => []);
  let r = 0;
  for (const i of byEnd) {
    while (i.endSec >= (runs[r] as number)) r++;
    buckets[r]?.push(i);
  }
  buckets.forEach((bucket, k) => {
    const again = bucket.find((i) => i.recorded);
    if (k % 7 === 3 && again && buckets[k + 1]) buckets[k + 1]?.push({ ...again, endSec: again.endSec + 45 });
  });
  const chunks: ExportChunk[] = [];
  let latest = 0;
  let hwm = 7_000_000;
  buckets.forEach((bucket, k) => {
    if (bucket.length === 0) return;
    latest = Math.max(latest, ...bucket.map((i) => i.endSec));
    hwm += 250 + bucket.length * 4;
    const name = `export_${hwm}_${stamp(latest)}`;
    chunks.push({ folder: `${opts.prefix ?? ''}${name}`, runAt: new Date((runs[k] as number) * 1000), interactions: bucket });
  });
  return chunks;
}

const IF_COLUMNS = [
  'INTERACTION_ID',
  'TENANT_KEY',
  'INTERACTION_TYPE_KEY',
  'MEDIA_TYPE_KEY',
  'MEDIA_SERVER_ROOT_IXN_GUID',
  'MEDIA_SERVER_IXN_GUID',
  'SOURCE_ADDRESS',
  'TARGET_ADDRESS',
  'SUBJECT',
  'STATUS',
  'START_TS',
  'END_TS',
  'START_DATE_TIME_KEY',
  'END_DATE_TIME_KEY',
  'CREATE_AUDIT_KEY',
  'UPDATE_AUDIT_KEY',
] as const;
const IRF_COLUMNS = [
  'INTERACTION_RESOURCE_ID',
  'TENANT_KEY',
  'INTERACTION_ID',
  'RESOURCE_KEY',
  'MEDIA_TYPE_KEY',
  'INTERACTION_TYPE_KEY',
  'START_TS',
  'END_TS',
  'START_DATE_TIME_KEY',
  'CREATE_AUDIT_KEY',
  'UPDATE_AUDIT_KEY',
] as const;
const RESOURCE_COLUMNS = [
  'RESOURCE_KEY',
  'TENANT_KEY',
  'RESOURCE_TYPE',
  'RESOURCE_TYPE_CODE',
  'RESOURCE_NAME',
  'AGENT_FIRST_NAME',
  'AGENT_LAST_NAME',
  'EMPLOYEE_ID',
  'CREATE_AUDIT_KEY',
  'UPDATE_AUDIT_KEY',
] as const;

// A DATE_TIME key names the 15-minute interval a time falls in.
const interval = (sec: number) => Math.floor(sec / 900) * 900;

/** The CSVs of one chunk, by file name (tables named as in Info Mart). */
export function chunkTables(chunk: ExportChunk, auditKey: number): Record<string, Buffer> {
  const facts = chunk.interactions.map((i) => {
    const [source, target] =
      i.direction === 'INBOUND'
        ? [i.customer, i.media === 'CHAT' ? 'chat@contoso.example' : CONTACT_CENTER_NUMBER]
        : [CONTACT_CENTER_NUMBER, i.customer];
    const t = TYPES[i.direction];
    return [
      i.id,
      TENANT_KEY,
      t.key,
      MEDIA[i.media].key,
      i.guid,
      i.guid,
      source,
      target,
      i.media === 'CHAT' ? 'Question about my bill, "urgent"' : '',
      0,
      i.startSec,
      i.endSec,
      interval(i.startSec),
      interval(i.endSec),
      auditKey,
      auditKey,
    ];
  });
  const links = chunk.interactions.flatMap((i) => {
    const t = TYPES[i.direction].key;
    const m = MEDIA[i.media].key;
    const queueEnd = i.startSec + Math.min(20, i.endSec - i.startSec);
    return [
      [`${i.id}1`, TENANT_KEY, i.id, i.queueKey, m, t, i.startSec, queueEnd, interval(i.startSec), auditKey, auditKey],
      [`${i.id}2`, TENANT_KEY, i.id, i.agentKey, m, t, queueEnd, i.endSec, interval(queueEnd), auditKey, auditKey],
    ];
  });
  const resources = [
    ...AGENTS.map((a) => [a.key, TENANT_KEY, 'Agent', 'AGENT', a.login, a.first, a.last, a.employeeId, 1, 1]),
    ...QUEUES.map((q) => [q.key, TENANT_KEY, 'Queue', 'QUEUE', q.name, '', '', '', 1, 1]),
  ];
  return {
    'INTERACTION_FACT.csv': toCsv(IF_COLUMNS, facts),
    'INTERACTION_RESOURCE_FACT.csv': toCsv(IRF_COLUMNS, links),
    'RESOURCE_.csv': toCsv(RESOURCE_COLUMNS, resources),
    'MEDIA_TYPE.csv': toCsv(
      ['MEDIA_TYPE_KEY', 'MEDIA_NAME', 'MEDIA_NAME_CODE', 'IS_ONLINE', 'CREATE_AUDIT_KEY', 'UPDATE_AUDIT_KEY'],
      Object.entries(MEDIA).map(([code, m]) => [m.key, m.name, code, m.online, 1, 1]),
    ),
    'INTERACTION_TYPE.csv': toCsv(
      [
        'INTERACTION_TYPE_KEY',
        'INTERACTION_TYPE',
        'INTERACTION_TYPE_CODE',
        'INTERACTION_SUBTYPE',
        'INTERACTION_SUBTYPE_CODE',
        'IGNORE',
        'CREATE_AUDIT_KEY',
        'UPDATE_AUDIT_KEY',
      ],
      Object.entries(TYPES).map(([code, t]) => [t.key, t.name, code, t.sub, t.sub.toUpperCase(), 0, 1, 1]),
    ),
  };
}

/** The zip of one chunk. fflate writes DOS times from local fields: UTC ones are passed so the bytes do not depend on the server's zone. */
export function chunkZip(chunk: ExportChunk): Buffer {
  const hwm = Number(/export_(\d+)_/.exec(chunk.folder)?.[1] ?? 0);
  const at = chunk.runAt;
  const mtime = new Date(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), 0);
  const zip = zipSync(chunkTables(chunk, hwm), { level: 6, mtime });
  return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
}

/** The blob a chunk is stored as: `<folder>/<folder's own name>.zip`. */
export function chunkBlobName(chunk: ExportChunk): string {
  return `${chunk.folder}/${chunk.folder.slice(chunk.folder.lastIndexOf('/') + 1)}.zip`;
}

export function gimExportFiles(chunks: readonly ExportChunk[]): GimExportFile[] {
  return chunks.map((chunk) => ({ name: chunkBlobName(chunk), body: chunkZip(chunk), contentType: 'application/zip' }));
}

/** `perDay` interactions a day over `days` days before `anchor`, none recorded (for the benchmark). */
export function syntheticInteractions(opts: { anchor: Date; days: number; perDay: number; seed?: number }): DemoInteraction[] {
  const rng = createRng(hashString(`synthetic\u0000${opts.seed ?? 1}`));
  const endSec = Math.floor(opts.anchor.getTime() / 1000) - 3600;
  const span = opts.days * 86_400;
  const out: DemoInteraction[] = [];
  for (let i = 0; i < opts.days * opts.perDay; i++) {
    const media = rng.float() < 0.2 ? 'CHAT' : 'VOICE';
    const durationSec = Math.round(60 * 20 ** rng.float());
    const startSec = endSec - span + Math.floor(rng.float() * (span - durationSec));
    const guid = `00${base32hex(rng, 24)}${i.toString(32).toUpperCase().padStart(6, '0')}`;
    out.push({ guid, id: exportId(guid), media, startSec, endSec: startSec + durationSec, recorded: false, ...describe(guid, media) });
  }
  return out;
}
