import { recordingsOf } from '@/lib/gim/recordings';
import { route } from '@/lib/http';
import { recordingsBodySchema } from '@/lib/validations/interactions';

/** The recordings of a page of interactions (count, sizes, days left). */
export const POST = route(
  { role: 'viewer', body: recordingsBodySchema, missing: 'Send the interaction ids as JSON.', cost: (input) => input.guids.length },
  async ({ input }) => ({ recordings: await recordingsOf(input.guids) }),
);
