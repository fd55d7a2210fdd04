import { env } from '@/lib/env';
import { viewerJsonGet } from '@/lib/http';
import { previewBlob } from '@/lib/storage/preview';
import { blobRefSchema } from '@/lib/validations/blobs';

/** A preview decided from the blob's bytes (audio, CSV, zip, text), read with range requests. */
export const GET = viewerJsonGet(
  () => blobRefSchema(env().containers),
  (q) => previewBlob(q.container, q.name),
);
