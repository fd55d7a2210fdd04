'use client';

import { createContext, use, useCallback, useContext, useState } from 'react';
import type { ContainerStatus } from '@/lib/validations/token';

type Value = { initial: Promise<ContainerStatus[]>; latest: ContainerStatus[] | null; take: (status?: ContainerStatus[]) => void };
const StatusContext = createContext<Value | null>(null);

/**
 * The page's token state: read from storage while the page streams (`initial`), then replaced by
 * what each generate or revoke answers with, so the status panel and the result view follow every
 * change without the page being rendered again.
 */
export function TokenStatusProvider({ initial, children }: { initial: Promise<ContainerStatus[]>; children: React.ReactNode }) {
  const [latest, setLatest] = useState<ContainerStatus[] | null>(null);
  const take = useCallback((status?: ContainerStatus[]) => {
    if (status) setLatest(status);
  }, []);
  return <StatusContext.Provider value={{ initial, latest, take }}>{children}</StatusContext.Provider>;
}

function useStatusContext(): Value {
  const value = useContext(StatusContext);
  if (!value) throw new Error('TokenStatusProvider is missing');
  return value;
}

/** The newest token state known; suspends until the page's own read has answered, if nothing newer is known. */
export function useLatestTokenStatus(): ContainerStatus[] {
  const { initial, latest } = useStatusContext();
  // `use`, unlike other hooks, may be called conditionally.
  return latest ?? use(initial);
}

/** Takes the state an action answered with (ignored when it brought none). */
export function useTakeTokenStatus(): (status?: ContainerStatus[]) => void {
  return useStatusContext().take;
}
