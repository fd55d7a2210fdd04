// The Find by tags query, shared by the Recordings page's builder and the find and zip routes: a
// RecordingType, a StoredTime range and extra tag conditions, each within Azure's rules (see
// lib/tags/where.ts, which builds the expression from what this schema accepted).
import * as z from 'zod/mini';
import { MAX_CONDITIONS, STORED_TIME, TAG_OPERATORS, TAG_TEXT } from '../tags/where';

const tagKey = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'Enter a tag name.'),
    z.maxLength(128, 'A tag name is at most 128 characters.'),
    z.regex(TAG_TEXT, 'Tag names may contain only letters, digits, spaces and + - . : = _ /.'),
  );

const tagValue = (max = 256) =>
  z
    .string()
    .check(
      z.maxLength(max, `A tag value is at most ${max} characters.`),
      z.regex(TAG_TEXT, 'Tag values may contain only letters, digits, spaces and + - . : = _ / (no quotes).'),
    );

export const tagConditionSchema = z.object({
  key: tagKey,
  op: z.enum(TAG_OPERATORS, { error: 'Choose one of = > >= < <=.' }),
  value: tagValue(),
});
export type TagCondition = z.output<typeof tagConditionSchema>;

const storedTime = (label: string) =>
  z.union([z.string().check(z.regex(STORED_TIME, `${label} must be YYYY-MM-DDTHH:MM:SSZ.`)), z.literal('')]);

export const findQuerySchema = z
  .object({
    container: z.string().check(z.minLength(3), z.maxLength(63)),
    recordingType: z._default(z.optional(tagValue(64)), ''),
    storedFrom: z._default(z.optional(storedTime('StoredTime from')), ''),
    storedTo: z._default(z.optional(storedTime('StoredTime to')), ''),
    tags: z._default(
      z.optional(
        z
          .array(tagConditionSchema)
          .check(z.maxLength(MAX_CONDITIONS, `At most ${MAX_CONDITIONS} conditions in one query (Azure's limit).`)),
      ),
      [],
    ),
  })
  .check(
    z.refine((q) => [q.recordingType, q.storedFrom, q.storedTo].filter(Boolean).length + q.tags.length <= MAX_CONDITIONS, {
      path: ['tags'],
      error: `At most ${MAX_CONDITIONS} conditions in one query (Azure's limit).`,
    }),
    z.refine((q) => !q.storedFrom || !q.storedTo || q.storedFrom < q.storedTo, {
      path: ['storedTo'],
      error: 'StoredTime to must be after StoredTime from.',
    }),
    z.refine((q) => Boolean(q.recordingType || q.storedFrom || q.storedTo || q.tags.length), {
      path: ['recordingType'],
      error: 'Add at least one condition: a RecordingType, a StoredTime range or a tag.',
    }),
  );
export type FindQuery = z.input<typeof findQuerySchema>;
export type FindQueryOutput = z.output<typeof findQuerySchema>;
