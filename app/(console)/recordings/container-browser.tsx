'use client';

import { useState } from 'react';
import { DetailsLoading } from '@/components/details-shell';
import { lazyPart } from '@/components/lazy-part';
import { SelectionBar } from './selection-bar';
import { useSelection } from './use-selection';
import type { View } from './view-state';
import { ViewListing } from './view-listing';

// The details panel (its preview, CSV and zip readers) loads when a blob is first opened.
const detailsPart = lazyPart(() => import('./details-panel').then((m) => m.DetailsPanel));

type Props = { view: View; viewKey: string; go: (view: View) => void; accountBase: string; retentionDays: number };

/** One container: its selection (across pages and folders) and the details panel. Keyed by the container. */
export function ContainerBrowser({ view, viewKey, go, accountBase, retentionDays }: Props) {
  const selection = useSelection();
  const [detailsOf, setDetailsOf] = useState<string | null>(null);
  const details = detailsPart.useLoaded(Boolean(detailsOf));
  const DetailsPanel = details.part;
  return (
    <div className={`browser${detailsOf ? ' with-details' : ''}`}>
      <div className="browser-main">
        <SelectionBar container={view.container} selection={selection} />
        <ViewListing
          key={viewKey}
          view={view}
          go={go}
          accountBase={accountBase}
          retentionDays={retentionDays}
          selection={selection}
          onDetails={setDetailsOf}
        />
      </div>
      {detailsOf &&
        (DetailsPanel ? (
          <DetailsPanel container={view.container} name={detailsOf} retentionDays={retentionDays} onClose={() => setDetailsOf(null)} />
        ) : (
          <DetailsLoading
            title="Blob details"
            name={detailsOf}
            failed={details.failed}
            retry={details.retry}
            onClose={() => setDetailsOf(null)}
          />
        ))}
    </div>
  );
}
