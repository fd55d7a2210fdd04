'use client';

import { BlobTable } from './blob-table';
import { FindPanel } from './find-panel';
import type { Listing } from './use-listing';
import type { Selection } from './use-selection';
import { Results } from './results';
import type { FindForm, View } from './view-state';
import { ZipDownload } from './zip-download';

type Props = {
  view: View;
  go: (view: View) => void;
  listing: Listing;
  accountBase: string;
  retentionDays: number;
  selection: Selection;
  onDetails: (name: string) => void;
};

/** Find by tags: the query builder, one page of what it finds, and a zip of everything it finds. */
export function FindSection({ view, go, listing, accountBase, retentionDays, selection, onDetails }: Props) {
  const { find, findQuery, properties } = listing;
  return (
    <section className="panel" aria-labelledby="find-heading">
      <header>
        <h2 id="find-heading">Find blobs by tags</h2>
      </header>
      <FindPanel
        container={view.container}
        initial={view.find}
        recordingTypes={listing.recordingTypes}
        accountBase={accountBase}
        busy={find.isFetching}
        onFind={(form: FindForm) => go({ ...view, find: form })}
      />
      {findQuery ? (
        <Results
          query={find}
          empty="No blob matches this query."
          isEmpty={(data) => data.blobs.length === 0}
          render={(data) => (
            <>
              <div className="query-zip">
                <ZipDownload
                  label="Download everything this query finds as zip"
                  request={{ container: view.container, query: findQuery }}
                />
              </div>
              <BlobTable
                container={view.container}
                blobs={data.blobs}
                retentionDays={retentionDays}
                selection={selection}
                onDetails={onDetails}
                caption="Blobs matching the query"
                loadingDetails={properties.isPending}
                detailsError={properties.isError ? properties.error.message : undefined}
              />
            </>
          )}
        />
      ) : (
        <p className="empty">Build a query above and press Find blobs.</p>
      )}
    </section>
  );
}
