// When a file is deleted: the account's lifecycle rule removes it RETENTION_DAYS after it was
// stored (StoredTime tag), or after it was last modified when it carries no StoredTime.
const DAY = 86_400_000;

export type Retention = { deletesOn: string; daysLeft: number; soon: boolean };

export function retention(opts: {
  storedTime?: string;
  lastModified?: string | Date;
  retentionDays: number;
  now?: Date;
}): Retention | undefined {
  const base =
    opts.storedTime && !Number.isNaN(Date.parse(opts.storedTime))
      ? Date.parse(opts.storedTime)
      : opts.lastModified
        ? new Date(opts.lastModified).getTime()
        : NaN;
  if (Number.isNaN(base)) return undefined;
  const deletesOn = base + opts.retentionDays * DAY;
  const msLeft = deletesOn - (opts.now ?? new Date()).getTime();
  const daysLeft = Math.max(0, Math.floor(msLeft / DAY));
  return { deletesOn: new Date(deletesOn).toISOString(), daysLeft, soon: msLeft < 3 * DAY };
}
