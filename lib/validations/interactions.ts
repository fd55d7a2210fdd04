// The Interactions search, shared by the form and the route: a time range in a chosen zone
// (required, at most 31 days) and optional customer, agent, interaction id, media and direction.
import * as z from 'zod/mini';
import { isKnownTimeZone, LOCAL_DATE_TIME, localToUtc } from '../time/zones';
import { DIRECTIONS, MAX_RANGE_DAYS } from './limits';

const text = (label: string, max: number) =>
  z._default(z.optional(z.string().check(z.trim(), z.maxLength(max, `${label} is at most ${max} characters.`))), '');

export const interactionSearchSchema = z
  .object({
    from: z.string({ error: 'Enter the From date and time.' }).check(z.regex(LOCAL_DATE_TIME, 'Enter the From date and time.')),
    to: z.string({ error: 'Enter the To date and time.' }).check(z.regex(LOCAL_DATE_TIME, 'Enter the To date and time.')),
    zone: z.string({ error: 'Choose a timezone.' }).check(z.refine((v) => isKnownTimeZone(v), 'Choose a timezone from the list.')),
    customer: text('A customer address', 255),
    agent: text('An agent', 128),
    interaction: z._default(
      z.optional(z.string().check(z.trim(), z.regex(/^[A-Za-z0-9_.-]{0,64}$/, 'An interaction id is letters and digits (at most 64).'))),
      '',
    ),
    media: z._default(z.optional(z.string().check(z.regex(/^[A-Z_]{0,32}$/, 'Choose a media type from the list.'))), ''),
    direction: z._default(z.optional(z.enum(['', ...DIRECTIONS], { error: 'Choose a direction from the list.' })), ''),
  })
  .check(
    z.superRefine((q, ctx) => {
      const from = localToUtc(q.from, q.zone);
      const to = localToUtc(q.to, q.zone);
      if (!from.ok) ctx.addIssue({ code: 'custom', path: ['from'], message: from.message, input: q.from });
      if (!to.ok) ctx.addIssue({ code: 'custom', path: ['to'], message: to.message, input: q.to });
      if (!from.ok || !to.ok) return;
      const ms = to.utc.getTime() - from.utc.getTime();
      if (ms <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'To must be after From.', input: q.to });
      else if (ms > MAX_RANGE_DAYS * 86_400_000)
        ctx.addIssue({ code: 'custom', path: ['to'], message: `The range is at most ${MAX_RANGE_DAYS} days.`, input: q.to });
    }),
  );

export type InteractionSearch = z.output<typeof interactionSearchSchema>;
export type InteractionSearchInput = z.input<typeof interactionSearchSchema>;

/** The range in epoch seconds, [from, to); only for a search the schema accepted. */
export function searchRange(q: Pick<InteractionSearch, 'from' | 'to' | 'zone'>): { fromSec: number; toSec: number } {
  const from = localToUtc(q.from, q.zone);
  const to = localToUtc(q.to, q.zone);
  if (!from.ok || !to.ok) throw new Error('searchRange needs a validated search');
  return { fromSec: Math.floor(from.utc.getTime() / 1000), toSec: Math.floor(to.utc.getTime() / 1000) };
}

export const searchPageSchema = z.object({
  search: interactionSearchSchema,
  pageSize: z._default(z.optional(z.union([z.literal(50), z.literal(100), z.literal(500)], { error: 'A page holds 50, 100 or 500.' })), 50),
  continuation: z._default(z.optional(z.string().check(z.maxLength(4096, 'Invalid page marker.'))), ''),
});

const guidSchema = z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'An interaction id is letters and digits.'));

/** An export: the chosen interactions, or everything a search finds. */
export const exportBodySchema = z.union([
  z.object({
    guids: z
      .array(guidSchema)
      .check(z.minLength(1, 'Select at least one interaction.'), z.maxLength(2_000, 'At most 2,000 interactions in one export.')),
  }),
  z.object({ search: interactionSearchSchema }),
]);

/** The recordings of a page of interactions. */
export const recordingsBodySchema = z.object({ guids: z.array(guidSchema).check(z.maxLength(500, 'At most 500 interactions at once.')) });

/** One interaction's details. */
export const detailsQuerySchema = z.object({ guid: z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Name an interaction id.')) });

/** "Index now": a body that says what it wants, so a stray or malformed POST runs nothing. */
export const indexNowBodySchema = z.strictObject({ run: z.literal(true, 'Send {"run": true} to index now.') });
