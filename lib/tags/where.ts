// Find Blobs by Tags expressions, pure: built from structured input, never from pasted text. Azure
// allows = > >= < <= joined by AND, scoped with @container; tag keys and values may hold only
// letters, digits, space and + - . : = _ /. Anything else is refused (lib/validations/find-query.ts),
// never escaped into the query. Free of zod, so the Recordings page loads the schema only to use it.
import type { FindQueryOutput } from '../validations/find-query';

export type { FindQuery, FindQueryOutput, TagCondition } from '../validations/find-query';

export const TAG_OPERATORS = ['=', '>', '>=', '<', '<='] as const;
export type TagOperator = (typeof TAG_OPERATORS)[number];

/** Azure evaluates at most ten tag comparisons in one Find Blobs by Tags call. */
export const MAX_CONDITIONS = 10;

export const TAG_TEXT = /^[A-Za-z0-9 +\-.:=_/]*$/;
const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function quoteKey(key: string): string {
  return BARE_KEY.test(key) ? key : `"${key}"`;
}

/** The exact `where` expression sent to Azure, always scoped to the container. */
export function buildWhere(query: FindQueryOutput): string {
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
