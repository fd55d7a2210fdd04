import { clientAddress } from '@/lib/auth';
import { indexNow } from '@/lib/gim/answers';
import { route } from '@/lib/http';

/** Admins: read new export chunks now instead of at the next interval (under the same lease). */
export const POST = route({ role: 'admin' }, ({ user, request }) => indexNow({ user, ip: clientAddress(request.headers) }));
