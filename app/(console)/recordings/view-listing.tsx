'use client';

import { BrowseSection } from './browse-section';
import { FindSection } from './find-section';
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
  return (
    <>
      {view.mode === 'browse' ? (
        <BrowseSection {...shared} list={listing.list} />
      ) : (
        <FindSection {...shared} listing={listing} accountBase={accountBase} />
      )}
      <Pager {...listing.pager} />
    </>
  );
}
