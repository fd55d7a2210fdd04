import { env } from '@/lib/env';
import { viewerJsonGet } from '@/lib/http';
import { blobDetails } from '@/lib/storage/blobs';
import { blobRefSchema } from '@/lib/validations/blobs';

/** Every property, metadata and tag of one blob. */
export const GET = viewerJsonGet(
  () => blobRefSchema(env().containers),
  (q) => blobDetails(q.container, q.name),
);
