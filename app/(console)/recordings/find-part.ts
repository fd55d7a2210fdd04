// Find by tags, loaded once the view is in find mode: the query builder and the find query's schema
// (and with it zod), which browsing never needs. The builder checks with the server's own schema.
import { lazyPart } from '@/components/lazy-part';

export const findPart = lazyPart(async () => {
  const [{ FindSection }, { findQuerySchema }] = await Promise.all([import('./find-section'), import('@/lib/validations/find-query')]);
  return { FindSection, findQuerySchema };
});
