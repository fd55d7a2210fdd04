'use client';

import { ContainerBrowser } from './container-browser';
import { Toolbar } from './toolbar';
import { useView } from './use-view';

type Props = { containers: string[]; retentionDays: number; accountBase: string };

/**
 * Browse, find and download recordings. The view lives in the URL; what must reset with it lives in
 * components keyed by it: the selection by container, the pages by the whole view.
 */
export function RecordingsBrowser({ containers, retentionDays, accountBase }: Props) {
  const { view, viewKey, go } = useView(containers);
  return (
    <>
      <Toolbar view={view} containers={containers} go={go} />
      <ContainerBrowser
        key={view.container}
        view={view}
        viewKey={viewKey}
        go={go}
        accountBase={accountBase}
        retentionDays={retentionDays}
      />
    </>
  );
}
