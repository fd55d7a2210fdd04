import { afterAnswer } from '@/lib/after-answer';
import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { env } from '@/lib/env';
import { route } from '@/lib/http';
import { findPage } from '@/lib/storage/blobs';
import { buildWhere } from '@/lib/tags/where';
import { findBodySchema } from '@/lib/validations/find';

/** One page of Find Blobs by Tags; the where expression is built here from structured input. */
export const POST = route(
  { role: 'viewer', body: () => findBodySchema(env().containers), missing: 'Send the query as JSON.' },
  async ({ user, input, request }) => {
    const { query, marker, pageSize } = input;
    const where = buildWhere(query);
    const page = await findPage(where, { container: query.container, marker, pageSize });
    if (!marker) {
      // Recorded once the answer is sent: a find hands out nothing, and its record would otherwise
      // add a storage round trip to every search (measured: most of the console's cost over a raw find).
      const ip = clientAddress(request.headers);
      afterAnswer(() =>
        recordAuditBestEffort({ action: 'blobs.find', user: user.name, role: user.role, outcome: 'ok', ip, details: { where } }),
      );
    }
    return { where, ...page };
  },
);
