// The bodies of the find and zip routes, shared by the Recordings page and the server: a find
// query (find-query.ts) for one of the configured containers, and a page of it or a zip of it.
import * as z from 'zod/mini';
import { blobNameSchema, containerSchema } from './blobs';
import { findQuerySchema } from './find-query';
import { PAGE_SIZES } from './limits';

/** The most blobs one zip may hold. */
export const MAX_ZIP_BLOBS = 10_000;

function knownContainerQuery(allowed: readonly string[]) {
  return findQuerySchema.check(
    z.refine((q) => allowed.includes(q.container), {
      path: ['container'],
      error: `Unknown container. Choose one of: ${allowed.join(', ')}.`,
    }),
  );
}

export function findBodySchema(allowed: readonly string[]) {
  return z.object({
    query: knownContainerQuery(allowed),
    marker: z._default(z.optional(z.string().check(z.maxLength(4096, 'Invalid page marker.'))), ''),
    pageSize: z._default(
      z.optional(z.number().check(z.refine((n) => (PAGE_SIZES as readonly number[]).includes(n), 'Page size must be 50, 100 or 500.'))),
      50,
    ),
  });
}

/** A zip of the named blobs, or of everything a find query matches in the same container. */
export function zipBodySchema(allowed: readonly string[]) {
  // One object rather than a union, so a foreign container is named as such, not as "Invalid input".
  return z
    .object({
      container: containerSchema(allowed),
      names: z.optional(
        z
          .array(blobNameSchema)
          .check(z.minLength(1, 'Select at least one blob.'), z.maxLength(MAX_ZIP_BLOBS, `At most ${MAX_ZIP_BLOBS} blobs in one zip.`)),
      ),
      query: z.optional(knownContainerQuery(allowed)),
    })
    .check(
      z.refine((body) => (body.names === undefined) !== (body.query === undefined), {
        path: ['names'],
        error: 'Send either the blob names or a find query.',
      }),
      z.refine((body) => !body.query || body.query.container === body.container, {
        path: ['query', 'container'],
        error: 'The query must be for the same container.',
      }),
    );
}
