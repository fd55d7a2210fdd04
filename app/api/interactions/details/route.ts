import { safeParse } from 'zod/mini';
import * as z from 'zod/mini';
import { routeUser } from '@/lib/auth/guard';
import { recordingsOf } from '@/lib/gim/recordings';
import { interactionRecord } from '@/lib/gim/search';
import { badRequest, fromZodError, queryObject, storageFailure } from '@/lib/http';

const querySchema = z.object({ guid: z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Name an interaction id.')) });

/** One interaction: every field the export gave, its chunk, its recordings. */
export async function GET(request: Request) {
  const user = await routeUser('viewer');
  if (user instanceof Response) return user;
  const parsed = safeParse(querySchema, queryObject(request));
  if (!parsed.success) return fromZodError(parsed.error);
  const { guid } = parsed.data;
  try {
    const record = await interactionRecord(guid);
    if (!record) return badRequest(`No interaction ${guid} in the index (not exported yet, or older than the retention period).`, undefined, 404);
    return Response.json({ ...record, recordings: (await recordingsOf([guid]))[guid] ?? [] });
  } catch (error) {
    return storageFailure(error);
  }
}
