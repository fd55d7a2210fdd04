// The routes the API's direct lane serves (lib/api/direct.ts): the JSON answers pages ask for as they
// are used. Downloads, previews, zips, exports and sign-in stay with Next.js.
import type { DirectRoute } from '@/lib/api/direct';
import * as list from './blobs/route';
import * as details from './blobs/details/route';
import * as find from './blobs/find/route';
import * as properties from './blobs/properties/route';
import * as tagValues from './blobs/tag-values/route';
import * as health from './health/route';
import * as interactionDetails from './interactions/details/route';
import * as interactionRecordings from './interactions/recordings/route';
import * as search from './interactions/search/route';
import * as status from './interactions/status/route';
import * as ready from './ready/route';

export const directRoutes: Record<string, DirectRoute> = {
  'GET /api/blobs': { handler: list.GET, session: true },
  'GET /api/blobs/details': { handler: details.GET, session: true },
  'POST /api/blobs/find': { handler: find.POST, session: true },
  'POST /api/blobs/properties': { handler: properties.POST, session: true },
  'GET /api/blobs/tag-values': { handler: tagValues.GET, session: true },
  'GET /api/interactions/details': { handler: interactionDetails.GET, session: true },
  'POST /api/interactions/recordings': { handler: interactionRecordings.POST, session: true },
  'POST /api/interactions/search': { handler: search.POST, session: true },
  'GET /api/interactions/status': { handler: status.GET, session: true },
  'GET /api/health': { handler: health.GET, session: false },
  'GET /api/ready': { handler: ready.GET, session: false },
};
