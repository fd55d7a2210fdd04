import { routeUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { fromZodError, queryObject, storageFailure } from '@/lib/http';
import { blobDetails } from '@/lib/storage/blobs';
import { blobRefSchema } from '@/lib/validations/blobs';

/** Every property, metadata and tag of one blob. */
export async function GET(request: Request) {
  const user = await routeUser('viewer');
  if (user instanceof Response) return user;
  const parsed = blobRefSchema(env().containers).safeParse(queryObject(request));
  if (!parsed.success) return fromZodError(parsed.error);
  try {
    return Response.json(await blobDetails(parsed.data.container, parsed.data.name));
  } catch (error) {
    return storageFailure(error);
  }
}
