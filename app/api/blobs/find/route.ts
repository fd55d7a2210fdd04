import { after } from 'next/server';
import { z } from 'zod';
import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { env } from '@/lib/env';
import { badRequest, storageFailure, viewerJsonBody } from '@/lib/http';
import { findPage } from '@/lib/storage/blobs';
import { buildWhere, findQuerySchema } from '@/lib/tags/where';
import { PAGE_SIZES } from '@/lib/validations/blobs';

const bodySchema = z.object({
  query: findQuerySchema,
  marker: z.string().max(4096).optional().default(''),
  pageSize: z.number().refine((n) => (PAGE_SIZES as readonly number[]).includes(n), 'Page size must be 50, 100 or 500.').optional().default(50),
});

/** One page of Find Blobs by Tags; the where expression is built here from structured input. */
export async function POST(request: Request) {
  const door = await viewerJsonBody(request, bodySchema, { missing: 'Send the query as JSON.' });
  if (door instanceof Response) return door;
  const { user, body } = door;
  const { query, marker, pageSize } = body;
  if (!env().containers.includes(query.container)) return badRequest(`Unknown container. Choose one of: ${env().containers.join(', ')}.`);
  const where = buildWhere(query);
  try {
    const page = await findPage(where, { container: query.container, marker, pageSize });
    if (!marker) {
      // Recorded once the answer is sent: a find hands out nothing, and its record would otherwise
      // add a storage round trip to every search (measured: most of the console's cost over a raw find).
      const ip = clientAddress(request.headers);
      after(() => recordAuditBestEffort({ action: 'blobs.find', user: user.name, role: user.role, outcome: 'ok', ip, details: { where } }));
    }
    return Response.json({ where, ...page });
  } catch (error) {
    return storageFailure(error);
  }
}
