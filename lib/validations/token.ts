// The "Generate SAS tokens" form: one schema, checked in the browser and again by the
// server action, so both give the same message at the same field. zod/mini keeps the browser bundle small.
import * as z from 'zod/mini';
import { LOCAL_DATE_TIME, localToUtc } from '../time/zones';

export const DAY_MS = 86_400_000;

export type TokenFormOptions = {
  /** SAS_MAX_DAYS: the longest window an administrator may sign. */
  maxDays: number;
  /** The clock to judge "in the past" against; the server passes its own. */
  now?: () => Date;
};

const localDateTime = (label: string) =>
  z
    .string({ error: `Enter the ${label}.` })
    .check(
      z.trim(),
      z.minLength(1, { error: `Enter the ${label}.`, abort: true }),
      z.maxLength(16, `Enter the ${label} as a date and time.`),
      z.regex(LOCAL_DATE_TIME, `Enter the ${label} as a date and time.`),
    );

export const tokenFormShape = z.object({
  initiation: localDateTime('initiation date'),
  expiration: localDateTime('expiration date'),
  timeZone: z
    .string({ error: 'Choose a timezone.' })
    .check(z.trim(), z.minLength(1, 'Choose a timezone.'), z.maxLength(64, 'Choose a timezone from the list.')),
  revoke: z.boolean({ error: 'Revoke existing tokens must be ticked or not.' }),
  // On unless turned off: the container URLs then find by tags too, and stop doing so when revoked.
  findByTags: z._default(z.optional(z.boolean({ error: 'Find by tags with the container URLs must be ticked or not.' })), true),
  allowedIp: z._default(
    z.optional(
      z.string({ error: 'Enter an IP address or range, or leave it empty.' }).check(
        z.trim(),
        z.maxLength(31, 'Enter one IPv4 address (203.0.113.7) or a range (203.0.113.0-203.0.113.255).'),
        z.refine(
          (v) => v === '' || parseIpRange(v) !== undefined,
          'Enter one IPv4 address (203.0.113.7) or a range (203.0.113.0-203.0.113.255), lowest first.',
        ),
      ),
    ),
    '',
  ),
});

export type TokenFormInput = z.input<typeof tokenFormShape>;

/** An IPv4 address, as dotted numbers 0-255 without leading zeros. */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ipNumber = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/**
 * The `sip` range a SAS may be limited to: one IPv4 address or `start-end`, start not above end
 * (Azure takes IPv4 only there). Undefined when the text is neither.
 */
export function parseIpRange(text: string): { start: string; end?: string } | undefined {
  const [start, end, extra] = text.split('-').map((p) => p.trim());
  if (extra !== undefined || !start || !IPV4.test(start)) return undefined;
  if (end === undefined) return { start };
  if (!IPV4.test(end) || ipNumber(end) < ipNumber(start)) return undefined;
  return start === end ? { start } : { start, end };
}
export type TokenRequest = z.output<typeof tokenFormShape> & { startsAt: Date; expiresAt: Date; ipRange?: { start: string; end?: string } };

export function tokenFormSchema({ maxDays, now = () => new Date() }: TokenFormOptions) {
  return z.pipe(
    tokenFormShape,
    z.transform((form: z.output<typeof tokenFormShape>, ctx): TokenRequest => {
      const issue = (path: keyof TokenFormInput, message: string) =>
        ctx.issues.push({ code: 'custom', path: [path], message, input: form });
      const start = localToUtc(form.initiation, form.timeZone);
      const end = localToUtc(form.expiration, form.timeZone);
      if (!start.ok && start.reason === 'unknown-zone') {
        issue('timeZone', start.message);
        return z.NEVER;
      }
      if (!start.ok) issue('initiation', start.message);
      if (!end.ok) issue('expiration', end.message);
      if (!start.ok || !end.ok) return z.NEVER;

      const startsAt = start.utc;
      const expiresAt = end.utc;
      if (expiresAt.getTime() <= now().getTime()) {
        issue('expiration', 'The expiration date is in the past. Choose a later date.');
      } else if (expiresAt.getTime() <= startsAt.getTime()) {
        issue('expiration', 'The expiration date must be after the initiation date.');
      } else if (expiresAt.getTime() - Math.max(startsAt.getTime(), now().getTime()) > maxDays * DAY_MS) {
        issue('expiration', `Tokens can be valid for at most ${maxDays} days. Choose an earlier expiration date.`);
      }
      return { ...form, startsAt, expiresAt, ...(form.allowedIp ? { ipRange: parseIpRange(form.allowedIp) } : {}) };
    }),
  );
}

/** Field messages keyed by field, as the form and the action's result both carry them. */
export type TokenFieldErrors = Partial<Record<keyof TokenFormInput, string[]>>;

/** What one container got from a generation; shared by the server action and the result view. */
export type ContainerOutcome =
  | { container: string; status: 'issued'; policyId: string; url: string; revoked: number; pruned: number }
  | { container: string; status: 'failed'; message: string; revokeRequested: boolean };

/** One stored access policy as the status panel shows it (dates as ISO text). */
export type PolicyStatus = { id: string; startsOn?: string; expiresOn?: string; permissions?: string; expired: boolean };
/** One container's token state: its policies, newest first, or why they could not be read. */
export type ContainerStatus = { container: string } & ({ ok: true; policies: PolicyStatus[] } | { ok: false; message: string });

/**
 * The token state right after an action, for the status panel: what the action itself just wrote
 * (no storage call), or read live when it did not write everywhere. Absent when it could not be told.
 */
export type StatusAfter = { tokenStatus?: ContainerStatus[] };

export type GenerateResult =
  | { status: 'invalid'; message: string; fieldErrors: TokenFieldErrors }
  | ({ status: 'refused'; message: string } & StatusAfter)
  | ({
      status: 'issued';
      /** True only when every container got its token (and, if asked, lost its old ones). */
      complete: boolean;
      accountUrl: string;
      /** The account URL's own expiry: earlier than the container URLs' when ACCOUNT_SAS_MAX_DAYS cut it. */
      accountExpiresOn: string;
      containers: ContainerOutcome[];
      startsOn: string;
      expiresOn: string;
      /** The `sip` range every URL is limited to, when one was given. */
      allowedIp?: string;
      /** The container URLs may find by tags (`f`), and stop doing so when revoked. */
      findByTags: boolean;
      timeZone: string;
      revoked: boolean;
      /** A real blob for the ready-to-run download command, and the container it is in. */
      exampleBlob?: { container: string; name: string };
    } & StatusAfter);

/** Which token to revoke: one policy by id, or (without one) every token. */
export const revokeSchema = z.object(
  { policyId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[\w.-]+$/, 'Unknown token id.'))) },
  { error: 'Invalid revoke request.' },
);

export type RevokeResult =
  | { status: 'invalid'; message: string }
  | ({ status: 'refused'; message: string } & StatusAfter)
  | ({ status: 'done'; message: string; failed: string[] } & StatusAfter);
