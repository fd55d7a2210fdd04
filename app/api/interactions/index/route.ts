import { clientAddress } from '@/lib/auth';
import { indexNow } from '@/lib/gim/answers';
import { route } from '@/lib/http';
import { indexNowBodySchema } from '@/lib/validations/interactions';

/** Admins: read new export chunks now instead of at the next interval (under the same lease). */
export const POST = route(
  { role: 'admin', body: indexNowBodySchema, missing: 'Send {"run": true} as JSON to index now.', maxBytes: 1024 },
  ({ user, request }) => indexNow({ user, ip: clientAddress(request.headers) }),
);
