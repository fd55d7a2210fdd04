'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { readView, writeView, type View } from './view-state';

/** The browser's view, read from the page URL; `go` replaces the URL with another view. */
export function useView(containers: string[]) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const view = useMemo(() => readView(new URLSearchParams(params.toString()), containers), [params, containers]);
  const go = useCallback((next: View) => router.replace(`${pathname}${writeView(next)}`, { scroll: false }), [router, pathname]);
  return { view, viewKey: writeView(view), go };
}
