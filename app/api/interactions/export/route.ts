import { clientAddress } from '@/lib/auth';
import { interactionsExport } from '@/lib/gim/export-download';
import { route } from '@/lib/http';
import { exportBodySchema } from '@/lib/validations/interactions';

/** The recordings of the chosen interactions (or of all a search finds) as one zip, with manifest.csv. */
export const POST = route(
  // Each interaction's recordings are looked up, then read; a search export is charged the whole budget.
  {
    role: 'viewer',
    body: exportBodySchema,
    missing: 'Send the interactions to export as JSON.',
    maxBytes: 256 * 1024,
    cost: (input) => ('guids' in input ? input.guids.length * 4 : 2_000),
  },
  ({ user, input, signal, request }) => interactionsExport(input, { user, ip: clientAddress(request.headers) }, signal),
);
