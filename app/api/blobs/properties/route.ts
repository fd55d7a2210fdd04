import { env } from '@/lib/env';
import { route } from '@/lib/http';
import { blobProperties } from '@/lib/storage/blob-details';
import { propertiesBodySchema } from '@/lib/validations/blobs';

/**
 * Size, dates and every tag of one page of found blobs (Find Blobs by Tags returns only names and
 * the tags the query named); `tags: false` when the page already has the tags it shows.
 */
export const POST = route(
  // Two storage calls a blob (its properties and its tags), or one without the tags.
  {
    role: 'viewer',
    body: () => propertiesBodySchema(env().containers),
    missing: 'Send the blob names as JSON.',
    cost: (input) => input.names.length * (input.tags ? 2 : 1),
  },
  async ({ input }) => ({ blobs: await blobProperties(input.container, input.names, { tags: input.tags }) }),
);
