import * as z from 'zod/mini';
import { env } from '@/lib/env';
import { viewerJsonGet } from '@/lib/http';
import { sampleTagValues } from '@/lib/storage/blobs';
import { containerSchema } from '@/lib/validations/blobs';

/** The values of a tag seen in a container's first blobs, for the query builder's choices. */
export const GET = viewerJsonGet(
  () => z.object({ container: containerSchema(env().containers), key: z.string().check(z.regex(/^[A-Za-z0-9_]{1,128}$/, 'Name a tag.')) }),
  async (q) => ({ values: await sampleTagValues(q.container, q.key) }),
);
