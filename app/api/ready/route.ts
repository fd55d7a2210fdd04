import { route } from '@/lib/http';
import { readiness } from '@/lib/readiness';

/** Readiness: 200 when the blob and table services answer with the account key, else 503 naming only the part. */
export const GET = route({ role: 'anyone' }, async () => {
  const state = await readiness();
  return state.ready
    ? Response.json({ status: 'ready' }, { headers: { 'Cache-Control': 'no-store' } })
    : Response.json({ status: 'not ready', failing: state.failing }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
});
