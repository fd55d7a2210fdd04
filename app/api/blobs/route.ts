import { env } from '@/lib/env';
import { viewerJsonGet } from '@/lib/http';
import { listPage } from '@/lib/storage/blobs';
import { listQuerySchema } from '@/lib/validations/blobs';

/** One page of a container's virtual folder. */
export const GET = viewerJsonGet(
  () => listQuerySchema(env().containers),
  (q) => listPage(q.container, q),
);
