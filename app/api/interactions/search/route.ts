import { after } from 'next/server';
import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { planSearch } from '@/lib/gim/search-plan';
import { BadMarker, resolveAgents, searchIndex } from '@/lib/gim/search';
import { badRequest, storageFailure, viewerJsonBody } from '@/lib/http';
import { searchPageSchema, searchRange } from '@/lib/validations/interactions';

/** One page of interactions from the index, newest first. */
export async function POST(request: Request) {
  const door = await viewerJsonBody(request, searchPageSchema, { missing: 'Send the search as JSON.' });
  if (door instanceof Response) return door;
  const { user, body } = door;
  try {
    const agents = body.search.agent ? await resolveAgents(body.search.agent) : [];
    const page = await searchIndex(planSearch(body.search, searchRange(body.search), agents), { pageSize: body.pageSize, continuation: body.continuation });
    if (!body.continuation) {
      const ip = clientAddress(request.headers);
      after(() => recordAuditBestEffort({ action: 'interactions.search', user: user.name, role: user.role, outcome: 'ok', ip, details: { criteria: body.search, firstPage: page.items.length } }));
    }
    return Response.json(page);
  } catch (error) {
    if (error instanceof BadMarker) return badRequest(error.message);
    return storageFailure(error);
  }
}
