'use client';

import { useEffect, useState } from 'react';

/**
 * A part of a page (a panel, a form's schema) loaded when first wanted rather than with the page, so
 * the page's first load carries only what it shows at once. One load for every component that
 * wants it; a load that fails is tried again when asked (`retry`), never left pending.
 */
export function lazyPart<T>(load: () => Promise<T>) {
  let loaded: T | undefined;
  let pending: Promise<T> | undefined;
  const get = () =>
    (pending ??= load().then(
      (value) => (loaded = value),
      (error: unknown) => ((pending = undefined), Promise.reject(error)),
    ));
  return {
    load: get,
    /** The part if it has loaded, else undefined (for event handlers that cannot wait). */
    now: () => loaded,
    /** The part once `wanted` (loading it then), and whether that load failed. */
    useLoaded(wanted: boolean) {
      const [, setLoads] = useState(0);
      const [failed, setFailed] = useState(false);
      useEffect(() => {
        if (!wanted || loaded || failed) return;
        let live = true;
        get().then(
          () => live && setLoads((n) => n + 1),
          () => live && setFailed(true),
        );
        return () => void (live = false);
      }, [wanted, failed]);
      return { part: loaded, failed, retry: () => setFailed(false) };
    },
  };
}
