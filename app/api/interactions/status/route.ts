import * as z from 'zod/mini';
import { indexStatus } from '@/lib/gim/answers';
import { route } from '@/lib/http';

/** How far the index has got, its last run, and the chunks it could not read. No parameters: anything sent is a mistake worth saying so. */
export const GET = route({ role: 'viewer', query: z.strictObject({}) }, () => indexStatus());
