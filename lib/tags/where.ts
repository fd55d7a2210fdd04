// Find Blobs by Tags expressions, pure: built from structured input, never from pasted text. Azure
// allows = > >= < <= joined by AND, scoped with @container; tag keys and values may hold only
// letters, digits, space and + - . : = _ /. Anything else is refused, never escaped into the query.
import * as z from 'zod/mini';

export const TAG_OPERATORS = ['=', '>', '>=', '<', '<='] as const;
export type TagOperator = (typeof TAG_OPERATORS)[number];

/** Azure evaluates at most ten tag comparisons in one Find Blobs by Tags call. */
export const MAX_CONDITIONS = 10;

const TAG_TEXT = /^[A-Za-z0-9 +\-.:=_/]*$/;
const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

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

function quoteKey(key: string): string {
  return BARE_KEY.test(key) ? key : `"${key}"`;
}

/** The exact `where` expression sent to Azure, always scoped to the container. */
export function buildWhere(query: z.output<typeof findQuerySchema>): string {
  const parts = [`@container='${query.container}'`];
  if (query.recordingType) parts.push(`RecordingType = '${query.recordingType}'`);
  if (query.storedFrom) parts.push(`StoredTime >= '${query.storedFrom}'`);
  if (query.storedTo) parts.push(`StoredTime < '${query.storedTo}'`);
  for (const t of query.tags) parts.push(`${quoteKey(t.key)} ${t.op} '${t.value}'`);
  return parts.join(' AND ');
}

/** The curl command for the ACCOUNT CONTAINER URL, with a placeholder where the token goes. */
export function findCurl(accountBase: string, where: string): string {
  return `curl --request GET "${accountBase}?<ACCOUNT SAS TOKEN>&comp=blobs&where=${encodeURIComponent(where)}"`;
}
