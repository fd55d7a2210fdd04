import * as z from 'zod/mini';
import { env } from '@/lib/env';
import { failedChunks, readDims, readState } from '@/lib/gim/store';
import { viewerJsonGet } from '@/lib/http';

/** How far the index has got, its last run, and the chunks it could not read. */
export const GET = viewerJsonGet(
  // No parameters: anything sent is a mistake worth saying so.
  () => z.strictObject({}),
  async () => {
    const [state, failed, dims] = await Promise.all([readState(), failedChunks(), readDims()]);
    const code = env().gim.mapping.mediaType.code;
    // The media types the export has named so far, for the search's choices.
    const media = [...new Set([...dims].filter(([k]) => k.startsWith('media|')).map(([, row]) => row[code]).filter(Boolean))].sort();
    return { state, failed, media };
  },
);
