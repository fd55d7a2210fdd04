// The browser's view, kept in the page URL so it can be bookmarked and shared (never a token):
// container, folder, name filter, page size, and the find query when finding by tags.
import { localToUtc } from '@/lib/time/zones';
import { STORED_TIME, TAG_OPERATORS, type FindQuery, type TagOperator } from '@/lib/tags/where';
import type { findQuerySchema } from '@/lib/validations/find-query';
import { PAGE_SIZES } from '@/lib/validations/limits';

/** The find query's schema, passed in: the page loads it (and zod) only in find mode (find-part.ts). */
export type FindQuerySchema = typeof findQuerySchema;

export type FindForm = {
  recordingType: string;
  from: string;
  to: string;
  zone: string;
  tags: { key: string; op: TagOperator; value: string }[];
};

export type View = {
  container: string;
  prefix: string;
  name: string;
  pageSize: number;
  mode: 'browse' | 'find';
  find: FindForm;
};

export const EMPTY_FIND: FindForm = { recordingType: '', from: '', to: '', zone: 'UTC', tags: [] };

function parseTags(text: string | null): FindForm['tags'] {
  if (!text) return [];
  try {
    const raw = JSON.parse(text) as unknown;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((t): t is [string, string, string] => Array.isArray(t) && t.length === 3 && t.every((x) => typeof x === 'string'))
      .filter(([, op]) => (TAG_OPERATORS as readonly string[]).includes(op))
      .slice(0, 10)
      .map(([key, op, value]) => ({ key, op: op as TagOperator, value }));
  } catch {
    return [];
  }
}

export function readView(params: URLSearchParams, containers: string[]): View {
  const container = containers.includes(params.get('container') ?? '')
    ? params.get('container')!
    : containers.includes('recordings')
      ? 'recordings'
      : containers[0]!;
  const size = Number(params.get('size'));
  return {
    container,
    prefix: params.get('prefix') ?? '',
    name: params.get('name') ?? '',
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : 50,
    mode: params.get('mode') === 'find' ? 'find' : 'browse',
    find: {
      recordingType: params.get('type') ?? '',
      from: params.get('from') ?? '',
      to: params.get('to') ?? '',
      zone: params.get('tz') ?? 'UTC',
      tags: parseTags(params.get('tags')),
    },
  };
}

export function writeView(view: View): string {
  const p = new URLSearchParams();
  p.set('container', view.container);
  if (view.mode === 'find') {
    p.set('mode', 'find');
    if (view.find.recordingType) p.set('type', view.find.recordingType);
    if (view.find.from) p.set('from', view.find.from);
    if (view.find.to) p.set('to', view.find.to);
    if (view.find.from || view.find.to) p.set('tz', view.find.zone);
    if (view.find.tags.length) p.set('tags', JSON.stringify(view.find.tags.map((t) => [t.key, t.op, t.value])));
  } else {
    if (view.prefix) p.set('prefix', view.prefix);
    if (view.name) p.set('name', view.name);
  }
  if (view.pageSize !== 50) p.set('size', String(view.pageSize));
  return `?${p}`;
}

/** `YYYY-MM-DDTHH:mm` in a zone → the StoredTime tag format, or the reason it cannot be. */
function storedTime(local: string, zone: string, label: string): { value: string } | { error: string } {
  if (!local) return { value: '' };
  const r = localToUtc(local, zone);
  if (!r.ok) return { error: `${label}: ${r.message}` };
  const value = r.utc.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return STORED_TIME.test(value) ? { value } : { error: `${label}: out of range.` };
}

/** The structured query the server builds its where expression from, with field messages (the server's schema). */
export function toFindQuery(
  container: string,
  form: FindForm,
  findQuerySchema: FindQuerySchema,
): { query?: FindQuery; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const from = storedTime(form.from, form.zone, 'StoredTime from');
  const to = storedTime(form.to, form.zone, 'StoredTime to');
  if ('error' in from) errors.storedFrom = from.error;
  if ('error' in to) errors.storedTo = to.error;
  if (Object.keys(errors).length) return { errors };
  const query: FindQuery = {
    container,
    recordingType: form.recordingType,
    storedFrom: 'value' in from ? from.value : '',
    storedTo: 'value' in to ? to.value : '',
    tags: form.tags,
  };
  const parsed = findQuerySchema.safeParse(query);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[issue.path.join('.') || 'query'] ??= issue.message;
    return { errors };
  }
  return { query, errors };
}
