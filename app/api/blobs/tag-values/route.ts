import * as z from 'zod/mini';
import { env } from '@/lib/env';
import { route } from '@/lib/http';
import { sampleTagValues } from '@/lib/storage/blobs';
import { containerSchema } from '@/lib/validations/blobs';

/** The values of a tag seen in a container's first blobs, for the query builder's choices. */
export const GET = route(
  {
    role: 'viewer',
    query: () =>
      z.object({ container: containerSchema(env().containers), key: z.string().check(z.regex(/^[A-Za-z0-9_]{1,128}$/, 'Name a tag.')) }),
  },
  async ({ input }) => ({ values: await sampleTagValues(input.container, input.key) }),
);
