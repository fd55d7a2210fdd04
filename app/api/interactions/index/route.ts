import { safeParse } from 'zod/mini';
import * as z from 'zod/mini';
import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { routeUser } from '@/lib/auth/guard';
import { runIndexer } from '@/lib/gim/indexer';
import { badRequest, fromZodError, readJson, storageFailure } from '@/lib/http';

// A body that says what it wants: a stray or malformed POST runs nothing.
const bodySchema = z.strictObject({ run: z.literal(true, 'Send {"run": true} to index now.') });

/** Admins: read new export chunks now instead of at the next interval (under the same lease). */
export async function POST(request: Request) {
  const user = await routeUser('admin');
  if (user instanceof Response) return user;
  const json = await readJson(request, 1024);
  if (json === undefined) return badRequest('Send {"run": true} as JSON to index now.');
  const parsed = safeParse(bodySchema, json);
  if (!parsed.success) return fromZodError(parsed.error);
  try {
    const result = await runIndexer();
    void recordAuditBestEffort({ action: 'interactions.index', user: user.name, role: user.role, outcome: result.outcome === 'failed' ? 'failed' : 'ok', ip: clientAddress(request.headers), details: result });
    return Response.json(result);
  } catch (error) {
    return storageFailure(error);
  }
}
