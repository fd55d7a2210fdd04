import { interactionDetails } from '@/lib/gim/answers';
import { route } from '@/lib/http';
import { detailsQuerySchema } from '@/lib/validations/interactions';

/** One interaction: every field the export gave, its chunk, its recordings. */
export const GET = route({ role: 'viewer', query: detailsQuerySchema }, ({ input }) => interactionDetails(input.guid));
