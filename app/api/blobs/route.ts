import { routeUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { fromZodError, queryObject, storageFailure } from '@/lib/http';
import { listPage } from '@/lib/storage/blobs';
import { listQuerySchema } from '@/lib/validations/blobs';

/** One page of a container's virtual folder. */
export async function GET(request: Request) {
  const user = await routeUser('viewer');
  if (user instanceof Response) return user;
  const parsed = listQuerySchema(env().containers).safeParse(queryObject(request));
  if (!parsed.success) return fromZodError(parsed.error);
  try {
    return Response.json(await listPage(parsed.data.container, parsed.data));
  } catch (error) {
    return storageFailure(error);
  }
}
