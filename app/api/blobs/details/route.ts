import { env } from '@/lib/env';
import { route } from '@/lib/http';
import { blobDetails } from '@/lib/storage/blob-details';
import { blobRefSchema } from '@/lib/validations/blobs';

/** Every property, metadata and tag of one blob. */
export const GET = route({ role: 'viewer', query: () => blobRefSchema(env().containers) }, ({ input }) =>
  blobDetails(input.container, input.name),
);
