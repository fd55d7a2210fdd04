import { z } from 'zod';
import { env } from '@/lib/env';
import { storageFailure, viewerJsonBody } from '@/lib/http';
import { blobProperties } from '@/lib/storage/blobs';
import { blobNameSchema, containerSchema, PAGE_SIZES } from '@/lib/validations/blobs';

const bodySchema = () =>
  z.object({
    container: containerSchema(env().containers),
    names: z.array(blobNameSchema).min(1, 'Name at least one blob.').max(Math.max(...PAGE_SIZES), `At most ${Math.max(...PAGE_SIZES)} blobs at once.`),
  });

/** Size, dates and every tag of one page of found blobs (Find Blobs by Tags returns only names). */
export async function POST(request: Request) {
  const door = await viewerJsonBody(request, bodySchema(), { missing: 'Send the blob names as JSON.' });
  if (door instanceof Response) return door;
  try {
    return Response.json({ blobs: await blobProperties(door.body.container, door.body.names) });
  } catch (error) {
    return storageFailure(error);
  }
}
