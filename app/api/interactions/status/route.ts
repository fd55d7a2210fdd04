import { indexStatus } from '@/lib/gim/answers';
import { route } from '@/lib/http';

/** How far the index has got, its last run, and the chunks it could not read. */
export const GET = route({ role: 'viewer' }, () => indexStatus());
