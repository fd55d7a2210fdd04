import type { FieldErrors, FieldValues, Resolver } from 'react-hook-form';

/**
 * A form resolver loaded on first use rather than with the page: zod and a form's schema are ~20 KB
 * gzip that nobody needs before touching the form. `preload` starts the load early (on first focus),
 * so the first check rarely waits; a load that fails is tried again at the next check.
 */
export function lazyResolver<T extends FieldValues>(load: () => Promise<Resolver<T, unknown, T>>, failed: string) {
  let pending: Promise<Resolver<T, unknown, T>> | undefined;
  const get = () => (pending ??= load().catch((error: unknown) => ((pending = undefined), Promise.reject(error))));
  const resolver: Resolver<T, unknown, T> = async (values, context, options) => {
    let resolve: Resolver<T, unknown, T>;
    try {
      resolve = await get();
    } catch {
      return { values: {}, errors: { root: { type: 'load', message: failed } } as FieldErrors<T> };
    }
    return resolve(values, context, options);
  };
  return { resolver, preload: () => void get().catch(() => undefined) };
}
