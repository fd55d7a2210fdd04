'use client';

import { createContext, use, useCallback, useContext, useState } from 'react';
import { lazyPart } from '@/components/lazy-part';
import type { ContainerStatus } from '@/lib/validations/token';
import { RevokeFeedbackProvider } from './revoke-feedback';

type Value = { initial: Promise<ContainerStatus[]>; latest: ContainerStatus[] | null; take: (status?: ContainerStatus[]) => void };
const StatusContext = createContext<Value | null>(null);

/**
 * The page's token state: read from storage while the page streams (`initial`), then replaced by
 * what each generate or revoke answers with, so the status panel and the result view follow every
 * change without the page being rendered again.
 */
export function TokenStatusProvider({ initial, children }: { initial: Promise<ContainerStatus[]>; children: React.ReactNode }) {
  const [latest, setLatest] = useState<ContainerStatus[] | null>(null);
  // The browser's copy of the panel is loaded first (usually it already is: loadStatusView); if it
  // cannot be, the panel on screen stays as it was rather than failing, and the action's own message
  // still says what happened.
  const take = useCallback((status?: ContainerStatus[]) => {
    if (!status) return;
    loadStatusView().then(
      () => setLatest(status),
      () => undefined,
    );
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

// The panel's code is needed in the browser only once an action has answered: loaded when the form
// is first touched or a revoke is asked for, not with the page.
const statusView = lazyPart(() => import('./token-status-view').then((m) => m.TokenStatusView));
export const loadStatusView = statusView.load;

/**
 * The server's rendering of the panel (`children`) until an action on this page answers, then the
 * state it answered with. The revoke feedback outlives the switch: its message stays and keeps the focus.
 */
export function LatestTokenStatus({ canRevoke, children }: { canRevoke: boolean; children: React.ReactNode }) {
  const { latest } = useStatusContext();
  // `latest` is only taken once the view has loaded (take, above), so it is there at once.
  const View = statusView.useLoaded(latest !== null).part;
  return <RevokeFeedbackProvider>{latest && View ? <View status={latest} canRevoke={canRevoke} /> : children}</RevokeFeedbackProvider>;
}
