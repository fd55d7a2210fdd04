// Audit records, pure: keys that list newest first, filters, and CSV. Nothing here may ever hold a
// SAS signature: `scrub` removes any that slips into a detail.
import { z } from 'zod';

export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-in.failed',
  'sign-out',
  'tokens.generate',
  'tokens.revoke',
  'blob.download',
  'blob.preview',
  'blobs.zip',
  'blobs.find',
  'interactions.search',
  'interactions.export',
  'interactions.index',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEvent = {
  action: AuditAction;
  user: string;
  role?: string;
  outcome: 'ok' | 'failed' | 'refused';
  ip?: string;
  details?: Record<string, unknown>;
};

export type AuditRecord = AuditEvent & { id: string; at: string };

const MAX_MS = 9_999_999_999_999;

/** Partition per month and row per event, both inverted so a plain query lists newest first. */
export function auditKeys(at: Date, random: string): { partitionKey: string; rowKey: string } {
  const month = at.getUTCFullYear() * 100 + at.getUTCMonth() + 1;
  return {
    partitionKey: String(999_999 - month).padStart(6, '0'),
    rowKey: `${String(MAX_MS - at.getTime()).padStart(13, '0')}-${random}`,
  };
}

/** Removes anything that looks like a SAS signature or a signed URL's query. */
export function scrub(value: string): string {
  return value.replace(/([?&]|\b)sig=[^&\s"']*/gi, '$1sig=REDACTED');
}

const isoDay = (label: string) =>
  z.union([
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} date as YYYY-MM-DD.`)
      .refine((v) => {
        const at = Date.parse(`${v}T00:00:00Z`);
        return !Number.isNaN(at) && new Date(at).toISOString().startsWith(v);
      }, `The ${label} date is not a real date.`),
    z.literal(''),
  ]);

export const auditFilterSchema = z.object({
  user: z.string().trim().max(128, 'A user name is at most 128 characters.').optional().default(''),
  action: z
    .union([z.enum(AUDIT_ACTIONS), z.literal('')], { error: 'Choose an action from the list.' })
    .optional()
    .default(''),
  from: isoDay('From').optional().default(''),
  to: isoDay('To').optional().default(''),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The OData filter for a search; dates are whole UTC days, `to` inclusive. */
export function auditODataFilter(filter: AuditFilter): string | undefined {
  const parts: string[] = [];
  if (filter.user) parts.push(`user eq ${odataString(filter.user)}`);
  if (filter.action) parts.push(`action eq ${odataString(filter.action)}`);
  if (filter.from) parts.push(`at ge ${odataString(`${filter.from}T00:00:00.000Z`)}`);
  if (filter.to) {
    const next = new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000).toISOString();
    parts.push(`at lt ${odataString(next)}`);
  }
  return parts.length ? parts.join(' and ') : undefined;
}

const CSV_COLUMNS = ['at', 'user', 'role', 'action', 'outcome', 'ip', 'details'] as const;

function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // A leading = + - @ would run as a formula in a spreadsheet.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(record: AuditRecord): string {
  return `${CSV_COLUMNS.map((c) => csvCell(record[c])).join(',')}\r\n`;
}
