import { routeUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { fromZodError, queryObject, storageFailure } from '@/lib/http';
import { previewBlob } from '@/lib/storage/preview';
import { blobRefSchema } from '@/lib/validations/blobs';

/** A preview decided from the blob's bytes (audio, CSV, zip, text), read with range requests. */
export async function GET(request: Request) {
  const user = await routeUser('viewer');
  if (user instanceof Response) return user;
  const parsed = blobRefSchema(env().containers).safeParse(queryObject(request));
  if (!parsed.success) return fromZodError(parsed.error);
  try {
    return Response.json(await previewBlob(parsed.data.container, parsed.data.name));
  } catch (error) {
    return storageFailure(error);
  }
}
