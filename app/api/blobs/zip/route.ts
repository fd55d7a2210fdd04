import { clientAddress } from '@/lib/auth';
import { env } from '@/lib/env';
import { route } from '@/lib/http';
import { zipBodySchema } from '@/lib/validations/find';
import { zipDownload } from '@/lib/zip/zip-download';

/**
 * One zip of many blobs, streamed as they arrive from storage: memory stays bounded whatever the
 * total, the first bytes leave as soon as the first blob answers, and a cancelled download stops
 * reading from storage.
 */
export const POST = route(
  // A query's zip looks up each found blob; named blobs are opened one after another as the zip streams.
  {
    role: 'viewer',
    body: () => zipBodySchema(env().containers),
    missing: 'Send the blobs to zip as JSON.',
    maxBytes: 1024 * 1024,
    cost: (input) => input.names?.length ?? 2_000,
  },
  ({ user, input, signal, request }) => zipDownload(input, { user, ip: clientAddress(request.headers) }, signal),
);
