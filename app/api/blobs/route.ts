import { env } from '@/lib/env';
import { route } from '@/lib/http';
import { listPage } from '@/lib/storage/blobs';
import { listQuerySchema } from '@/lib/validations/blobs';

/** One page of a container's virtual folder. */
export const GET = route({ role: 'viewer', query: () => listQuerySchema(env().containers) }, ({ input }) =>
  listPage(input.container, input),
);
