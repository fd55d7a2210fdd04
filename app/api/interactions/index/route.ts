import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { routeUser } from '@/lib/auth/guard';
import { runIndexer } from '@/lib/gim/indexer';
import { storageFailure } from '@/lib/http';

/** Admins: read new export chunks now instead of at the next interval (under the same lease). */
export async function POST(request: Request) {
  const user = await routeUser('admin');
  if (user instanceof Response) return user;
  try {
    const result = await runIndexer();
    void recordAuditBestEffort({ action: 'interactions.index', user: user.name, role: user.role, outcome: result.outcome === 'failed' ? 'failed' : 'ok', ip: clientAddress(request.headers), details: result });
    return Response.json(result);
  } catch (error) {
    return storageFailure(error);
  }
}
