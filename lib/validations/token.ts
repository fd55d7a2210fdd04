// The "Generate SAS tokens" form: one schema, checked in the browser (zodResolver) and again by the
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
  z.string({ error: `Enter the ${label}.` }).check(
    z.trim(),
    z.minLength(1, { error: `Enter the ${label}.`, abort: true }),
    z.maxLength(16, `Enter the ${label} as a date and time.`),
    z.regex(LOCAL_DATE_TIME, `Enter the ${label} as a date and time.`),
  );

export const tokenFormShape = z.object({
  initiation: localDateTime('initiation date'),
  expiration: localDateTime('expiration date'),
  timeZone: z.string({ error: 'Choose a timezone.' }).check(z.trim(), z.minLength(1, 'Choose a timezone.'), z.maxLength(64, 'Choose a timezone from the list.')),
  revoke: z.boolean({ error: 'Revoke existing tokens must be ticked or not.' }),
});

export type TokenFormInput = z.input<typeof tokenFormShape>;
export type TokenRequest = z.output<typeof tokenFormShape> & { startsAt: Date; expiresAt: Date };

export function tokenFormSchema({ maxDays, now = () => new Date() }: TokenFormOptions) {
  return z.pipe(
    tokenFormShape,
    z.transform((form: z.output<typeof tokenFormShape>, ctx): TokenRequest => {
      const issue = (path: keyof TokenFormInput, message: string) => ctx.issues.push({ code: 'custom', path: [path], message, input: form });
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
      return { ...form, startsAt, expiresAt };
    }),
  );
}

/** Field messages keyed by field, as react-hook-form and the action's result both carry them. */
export type TokenFieldErrors = Partial<Record<keyof TokenFormInput, string[]>>;

/** What one container got from a generation; shared by the server action and the result view. */
export type ContainerOutcome =
  | { container: string; status: 'issued'; policyId: string; url: string; revoked: number; pruned: number }
  | { container: string; status: 'failed'; message: string; revokeRequested: boolean };

export type GenerateResult =
  | { status: 'invalid'; message: string; fieldErrors: TokenFieldErrors }
  | { status: 'refused'; message: string }
  | {
      status: 'issued';
      /** True only when every container got its token (and, if asked, lost its old ones). */
      complete: boolean;
      accountUrl: string;
      containers: ContainerOutcome[];
      startsOn: string;
      expiresOn: string;
      timeZone: string;
      revoked: boolean;
      /** A real blob for the ready-to-run download command, and the container it is in. */
      exampleBlob?: { container: string; name: string };
    };
