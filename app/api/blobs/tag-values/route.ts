import { z } from 'zod';
import { routeUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { fromZodError, queryObject, storageFailure } from '@/lib/http';
import { sampleTagValues } from '@/lib/storage/blobs';
import { containerSchema } from '@/lib/validations/blobs';

/** The values of a tag seen in a container's first blobs, for the query builder's choices. */
export async function GET(request: Request) {
  const user = await routeUser('viewer');
  if (user instanceof Response) return user;
  const parsed = z
    .object({ container: containerSchema(env().containers), key: z.string().regex(/^[A-Za-z0-9_]{1,128}$/, 'Name a tag.') })
    .safeParse(queryObject(request));
  if (!parsed.success) return fromZodError(parsed.error);
  try {
    return Response.json({ values: await sampleTagValues(parsed.data.container, parsed.data.key) });
  } catch (error) {
    return storageFailure(error);
  }
}
