import * as z from 'zod/mini';
import { recordingsOf } from '@/lib/gim/recordings';
import { storageFailure, viewerJsonBody } from '@/lib/http';

const bodySchema = z.object({
  guids: z.array(z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'An interaction id is letters and digits.'))).check(z.maxLength(500, 'At most 500 interactions at once.')),
});

/** The recordings of a page of interactions (count, sizes, days left). */
export async function POST(request: Request) {
  const door = await viewerJsonBody(request, bodySchema, { missing: 'Send the interaction ids as JSON.' });
  if (door instanceof Response) return door;
  try {
    return Response.json({ recordings: await recordingsOf(door.body.guids) });
  } catch (error) {
    return storageFailure(error);
  }
}
