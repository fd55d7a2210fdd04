// Names the browser may send: a container from SAS_CONTAINERS, and blob names or prefixes that
// cannot climb out of the container or point elsewhere (.., %2e%2e, backslashes, absolute URLs).
import * as z from 'zod/mini';
import { PAGE_SIZES } from './limits';

function decodeFully(value: string): string {
  let current = value;
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(current);
      if (next === current) break;
      current = next;
    } catch {
      break;
    }
  }
  return current;
}

/** Why a blob name or prefix is refused, or undefined when it is fine. */
export function blobNameProblem(name: string): string | undefined {
  const decoded = decodeFully(name);
  if (/^[a-z][a-z0-9+.-]*:/i.test(decoded) || decoded.startsWith('//')) return 'A blob name cannot be a URL.';
  if (decoded.includes('\\')) return 'A blob name cannot contain backslashes.';
  if (decoded.startsWith('/')) return 'A blob name cannot start with "/".';
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return 'A blob name cannot contain "." or ".." segments.';
  if (decoded.endsWith('/')) return 'A blob name cannot end with "/" (that is a folder).';
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return 'A blob name cannot contain control characters.';
  return undefined;
}

export const blobNameSchema = z.string({ error: 'Name a blob.' }).check(
  z.minLength(1, 'Name a blob.'),
  z.maxLength(1024, 'A blob name is at most 1,024 characters.'),
  z.superRefine((name, ctx) => {
    const problem = blobNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: name });
  }),
);

export const prefixSchema = z.string().check(
  z.maxLength(1024, 'A prefix is at most 1,024 characters.'),
  z.superRefine((prefix, ctx) => {
    // A prefix is a folder path, so it may end with "/".
    const problem = prefix ? blobNameProblem(prefix.replace(/\/+$/, '')) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem.replace('blob name', 'prefix'), input: prefix });
  }),
);

/** A container name, checked against the configured list (the server passes SAS_CONTAINERS). */
export function containerSchema(allowed: readonly string[]) {
  return z
    .string({ error: 'Choose a container.' })
    .check(z.refine((c) => allowed.includes(c), `Unknown container. Choose one of: ${allowed.join(', ')}.`));
}

export function listQuerySchema(allowed: readonly string[]) {
  return z.object({
    container: containerSchema(allowed),
    prefix: z._default(z.optional(prefixSchema), ''),
    marker: z._default(z.optional(z.string().check(z.maxLength(4096, 'Invalid page marker.'))), ''),
    pageSize: z._default(
      z.optional(
        z.coerce
          .number()
          .check(z.refine((n) => (PAGE_SIZES as readonly number[]).includes(n), `Page size must be one of ${PAGE_SIZES.join(', ')}.`)),
      ),
      50,
    ),
  });
}

export function blobRefSchema(allowed: readonly string[]) {
  return z.object({ container: containerSchema(allowed), name: blobNameSchema });
}

/** The names of one page of found blobs, for their sizes, dates and (unless `tags: false`) every tag. */
export function propertiesBodySchema(allowed: readonly string[]) {
  const most = Math.max(...PAGE_SIZES);
  return z.object({
    container: containerSchema(allowed),
    names: z.array(blobNameSchema).check(z.minLength(1, 'Name at least one blob.'), z.maxLength(most, `At most ${most} blobs at once.`)),
    tags: z._default(z.optional(z.boolean({ error: 'tags must be true or false.' })), true),
  });
}
