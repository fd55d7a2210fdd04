'use client';

import { PartLoading } from '@/components/part-loading';
import { BrowseSection } from './browse-section';
import { Pager } from './pager';
import { useListing } from './use-listing';
import type { Selection } from './use-selection';
import type { View } from './view-state';

type Props = {
  view: View;
  go: (view: View) => void;
  accountBase: string;
  retentionDays: number;
  selection: Selection;
  onDetails: (name: string) => void;
};

/** One view (folder or query) and its pages. Keyed by the view: a new view is a new component, at page 1. */
export function ViewListing({ view, go, accountBase, retentionDays, selection, onDetails }: Props) {
  const listing = useListing(view);
  const shared = { view, go, retentionDays, selection, onDetails };
  const FindSection = listing.findPart.part?.FindSection;
  return (
    <>
      {view.mode === 'browse' ? (
        <BrowseSection {...shared} list={listing.list} />
      ) : FindSection ? (
        <FindSection {...shared} listing={listing} accountBase={accountBase} />
      ) : (
        <FindLoading failed={listing.findPart.failed} retry={listing.findPart.retry} />
      )}
      <Pager {...listing.pager} />
    </>
  );
}

/** While the find mode's builder loads (a moment, once), or why it did not. */
function FindLoading({ failed, retry }: { failed: boolean; retry: () => void }) {
  return (
    <section className="panel" aria-labelledby="find-heading">
      <header>
        <h2 id="find-heading">Find blobs by tags</h2>
      </header>
      <PartLoading what="The query builder" failed={failed} retry={retry} />
    </section>
  );
}
