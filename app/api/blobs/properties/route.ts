import { z } from 'zod';
import { routeUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { badRequest, fromZodError, readJson, storageFailure } from '@/lib/http';
import { blobProperties } from '@/lib/storage/blobs';
import { blobNameSchema, PAGE_SIZES } from '@/lib/validations/blobs';

const bodySchema = z.object({
  container: z.string(),
  names: z.array(blobNameSchema).min(1, 'Name at least one blob.').max(Math.max(...PAGE_SIZES), `At most ${Math.max(...PAGE_SIZES)} blobs at once.`),
});

/** Size, dates and every tag of one page of found blobs (Find Blobs by Tags returns only names). */
export async function POST(request: Request) {
  const user = await routeUser('viewer');
  if (user instanceof Response) return user;
  const body = await readJson(request);
  if (body === undefined) return badRequest('Send the blob names as JSON.');
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) return fromZodError(parsed.error);
  if (!env().containers.includes(parsed.data.container)) return badRequest(`Unknown container. Choose one of: ${env().containers.join(', ')}.`);
  try {
    return Response.json({ blobs: await blobProperties(parsed.data.container, parsed.data.names) });
  } catch (error) {
    return storageFailure(error);
  }
}
