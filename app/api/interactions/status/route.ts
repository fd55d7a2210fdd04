import * as z from 'zod/mini';
import { failedChunks, readState } from '@/lib/gim/store';
import { viewerJsonGet } from '@/lib/http';

/** How far the index has got, its last run, and the chunks it could not read. */
export const GET = viewerJsonGet(
  () => z.object({}),
  async () => {
    const [state, failed] = await Promise.all([readState(), failedChunks()]);
    return { state, failed };
  },
);
