import { route } from '@/lib/http';
import { version } from '@/package.json';

/** Liveness: the process answers. Public, and says nothing beyond the version. */
export const GET = route({ role: 'anyone' }, async () => ({ status: 'ok', version }));
