// manifest.csv for an interactions export, pure: one row per recording with its interaction's
// summary, every column the export gave for it (under the export's own column names), the blob
// name, size, Content-MD5 and stored time (what a subject access request needs).
import { csvLine } from './csv';
import type { InteractionSummary } from './records';

export const MANIFEST_NAME = 'manifest.csv';

export const MANIFEST_COLUMNS = [
  'interaction_id',
  'export_interaction_id',
  'start_utc',
  'end_utc',
  'duration_sec',
  'media',
  'direction',
  'customer',
  'agents',
  'employee_ids',
  'export_chunk',
  'blob_name',
  'size',
  'content_md5',
  'stored_time',
] as const;

export type ManifestRecording = { name: string; size?: number; md5?: string; storedTime?: string };

const iso = (sec: number | undefined) => (sec === undefined ? '' : new Date(sec * 1000).toISOString().replace('.000Z', 'Z'));

// A leading = + - @ would run as a formula in a spreadsheet: such cells get a leading apostrophe.
const cell = (v: string | number | undefined) => {
  const s = v === undefined ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};
// Except a Content-MD5 as storage keeps it (16 bytes in base64): a quarter start with '+', and
// letters, digits, + / and = cannot call anything; a changed digest could no longer be checked.
const MD5_BASE64 = /^[A-Za-z0-9+/]{22}==$/;
const digestCell = (v: string | undefined) => (v !== undefined && MD5_BASE64.test(v) ? v : cell(v));

type Row = { interaction: InteractionSummary & { fields?: Record<string, string> }; recording: ManifestRecording };

export function manifestCsv(rows: readonly Row[]): string {
  // The export's columns, in the order first seen, after the summary (whose names are lowercase).
  const exported = [...new Set(rows.flatMap((r) => Object.keys(r.interaction.fields ?? {})))].filter(
    (c) => !(MANIFEST_COLUMNS as readonly string[]).includes(c),
  );
  const lines = rows.map(({ interaction: i, recording: r }) =>
    csvLine([
      ...[
        i.guid,
        i.exportId,
        iso(i.startSec),
        iso(i.endSec),
        i.endSec === undefined ? '' : i.endSec - i.startSec,
        i.mediaName || i.media,
        i.directionName || i.direction,
        i.customer,
        i.agents.map((a) => a.name).join('; '),
        i.agents.map((a) => a.employeeId).join('; '),
        i.chunk,
        r.name,
        r.size,
      ].map(cell),
      digestCell(r.md5),
      ...[r.storedTime, ...exported.map((c) => i.fields?.[c] ?? '')].map(cell),
    ]),
  );
  return csvLine([...MANIFEST_COLUMNS, ...exported]) + lines.join('');
}
