import { clientAddress } from '@/lib/auth';
import { searchInteractions } from '@/lib/gim/answers';
import { route } from '@/lib/http';
import { searchPageSchema } from '@/lib/validations/interactions';

/** One page of interactions from the index, newest first; a new search goes on the audit trail. */
export const POST = route({ role: 'viewer', body: searchPageSchema, missing: 'Send the search as JSON.' }, ({ user, input, request }) =>
  searchInteractions(input, { user, ip: clientAddress(request.headers) }),
);
