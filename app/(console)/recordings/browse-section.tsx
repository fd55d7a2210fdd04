'use client';

import { BlobTable } from './blob-table';
import { Breadcrumb } from './breadcrumb';
import type { Listing } from './use-listing';
import type { Selection } from './use-selection';
import { NameFilter } from './name-filter';
import { Results } from './results';
import type { View } from './view-state';

type Props = {
  view: View;
  go: (view: View) => void;
  list: Listing['list'];
  retentionDays: number;
  selection: Selection;
  onDetails: (name: string) => void;
};

/** Browse folders: the breadcrumb, the name filter and one page of folders and blobs. */
export function BrowseSection({ view, go, list, retentionDays, selection, onDetails }: Props) {
  return (
    <section className="panel" aria-labelledby="browse-heading">
      <header>
        <Breadcrumb container={view.container} prefix={view.prefix} onOpen={(prefix) => go({ ...view, prefix, name: '' })} />
        <NameFilter initial={view.name} onFilter={(name) => go({ ...view, name })} />
      </header>
      <Results
        query={list}
        empty={view.name ? `No blob in this folder starts with “${view.name}”.` : 'This folder is empty.'}
        isEmpty={(data) => data.folders.length === 0 && data.blobs.length === 0}
        render={(data) => (
          <BlobTable
            container={view.container}
            folders={data.folders}
            blobs={data.blobs}
            prefix={view.prefix}
            retentionDays={retentionDays}
            selection={selection}
            onOpenFolder={(folder) => go({ ...view, prefix: folder, name: '' })}
            onDetails={onDetails}
            caption={`Blobs in ${view.container}/${view.prefix}`}
          />
        )}
      />
    </section>
  );
}
