'use client';

import { PageSizeSelect } from '@/components/ui/page-size-select';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { localTimeZone } from '@/lib/time/zones';
import { DetailsLoading } from '@/components/details-shell';
import { lazyPart } from '@/components/lazy-part';
import { INTERACTION_PAGE_SIZES } from '@/lib/validations/limits';
import { LazyZipDownload, preloadZipDownload } from '../recordings/lazy-zip-download';
import { fetchIndexStatus, fetchRecordings, searchInteractions } from './api';
import { IndexStatus } from './index-status';
import { ResultsTable } from './results-table';
import { SearchPanel } from './search-panel';
import { defaultForm, readView, writeView, type View } from './view-state';

type Props = { isAdmin: boolean; recordingsContainer: string; retentionDays: number };
const noSubscription = () => () => {};
// The details panel (and the Recordings page's, which it opens) loads when an interaction is opened.
const detailsPart = lazyPart(() => import('./interaction-details').then((m) => m.InteractionDetails));

export function InteractionsBrowser({ isAdmin, recordingsContainer, retentionDays }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const view = useMemo(() => readView(new URLSearchParams(params.toString())), [params]);
  const searchKey = view.search ? writeView({ search: view.search, pageSize: view.pageSize }) : '';
  const [markers, setMarkers] = useState<string[]>(['']);
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // A new search starts at its first page during this render, so no request carries the old marker.
  const [pagedKey, setPagedKey] = useState(searchKey);
  if (pagedKey !== searchKey) {
    setPagedKey(searchKey);
    setMarkers(['']);
    setPage(0);
    setSelected(new Set());
  }
  // The browser's own zone is the default; the server cannot know it, so the defaults wait for the browser.
  const browserZone = useSyncExternalStore(noSubscription, localTimeZone, () => undefined);
  const go = useCallback((next: View) => router.replace(`${pathname}${writeView(next)}`, { scroll: false }), [router, pathname]);
  const marker = markers[page] ?? '';
  const zone = view.search?.zone ?? browserZone ?? 'UTC';

  const results = useQuery({
    queryKey: ['interactions', searchKey, marker],
    queryFn: ({ signal }) => searchInteractions({ search: view.search!, pageSize: view.pageSize, continuation: marker }, signal),
    enabled: Boolean(view.search),
    placeholderData: keepPreviousData,
  });
  const guids = results.data?.items.map((i) => i.guid) ?? [];
  const recordings = useQuery({
    queryKey: ['interaction-recordings', guids],
    queryFn: ({ signal }) => fetchRecordings(guids, signal),
    enabled: guids.length > 0,
  });
  const status = useQuery({ queryKey: ['index-status'], queryFn: ({ signal }) => fetchIndexStatus(signal) });
  const mediaTypes = status.data && 'media' in status.data ? (status.data as { media: string[] }).media : ['VOICE', 'CHAT', 'EMAIL'];
  const next = results.data?.continuation;
  const details = detailsPart.useLoaded(Boolean(view.open));
  // The export buttons come with the results: their code loads while the search runs.
  const searching = Boolean(view.search);
  useEffect(() => void (searching && preloadZipDownload()), [searching]);
  const InteractionDetails = details.part;

  return (
    <div className={`browser${view.open ? ' with-details' : ''}`}>
      <div className="browser-main">
        <IndexStatus isAdmin={isAdmin} onIndexed={() => void results.refetch()} />
        <section className="panel" aria-labelledby="ix-search-heading">
          <header>
            <h2 id="ix-search-heading">Search interactions</h2>
          </header>
          {view.search || browserZone ? (
            <SearchPanel
              key={searchKey}
              initial={view.search ?? defaultForm(browserZone ?? 'UTC')}
              mediaTypes={mediaTypes}
              busy={results.isFetching}
              onSearch={(search) => go({ ...view, search })}
            />
          ) : (
            <p className="hint">Loading the search…</p>
          )}
        </section>
        <div className="toolbar">
          <PageSizeSelect
            id="ix-page-size"
            value={view.pageSize}
            sizes={INTERACTION_PAGE_SIZES}
            onChange={(pageSize) => go({ ...view, pageSize })}
          />
        </div>
        <section className="panel" aria-labelledby="ix-results-heading">
          <header>
            <h2 id="ix-results-heading">Interactions</h2>
          </header>
          {!view.search ? (
            <p className="empty">Choose a time range and press Search.</p>
          ) : results.isPending ? (
            <p className="hint loading-row" role="status">
              Searching…
            </p>
          ) : results.isError ? (
            <div className="alert alert-error" role="alert">
              <p>{results.error.message}</p>
              <button type="button" className="btn btn-small" onClick={() => results.refetch()}>
                Try again
              </button>
            </div>
          ) : results.data.items.length === 0 ? (
            <p className="empty">{next ? 'Nothing on this page; press Next for more.' : 'No interaction matches this search.'}</p>
          ) : (
            <ResultsTable
              items={results.data.items}
              zone={zone}
              recordings={recordings.data?.recordings}
              recordingsError={recordings.isError ? recordings.error.message : undefined}
              selected={selected}
              onToggle={(guid, on) => setSelected((s) => (on ? new Set(s).add(guid) : new Set([...s].filter((g) => g !== guid))))}
              onOpen={(open) => go({ ...view, open })}
            />
          )}
        </section>
        <div className="pager" role="group" aria-label="Pages">
          <span className="hint page-info">
            Page {page + 1}
            {results.data ? ` · ${results.data.items.length} interactions on this page` : ''}
          </span>
          <button type="button" className="btn" disabled={page === 0} onClick={() => setPage((p) => Math.max(0, p - 1))}>
            Previous
          </button>
          <button
            type="button"
            className="btn"
            disabled={!next || results.isFetching}
            onClick={() => next && (setMarkers((m) => [...m.slice(0, page + 1), next]), setPage((p) => p + 1))}
          >
            Next
          </button>
        </div>
        <div className="selection-bar" aria-live="polite">
          <span>
            {selected.size === 0
              ? 'Select interactions on any page to export their recordings.'
              : `${selected.size} interactions selected across pages.`}
          </span>
          {selected.size > 0 && (
            <>
              <button type="button" className="btn btn-small" onClick={() => setSelected(new Set())}>
                Clear selection
              </button>
              <LazyZipDownload
                endpoint="/api/interactions/export"
                label={`Export ${selected.size} selected (recordings + manifest.csv)`}
                request={{ guids: [...selected] }}
              />
            </>
          )}
          {view.search && (results.data?.items.length ?? 0) > 0 && (
            <LazyZipDownload
              endpoint="/api/interactions/export"
              label="Export everything this search finds"
              request={{ search: view.search }}
            />
          )}
        </div>
      </div>
      {view.open && !InteractionDetails && (
        <DetailsLoading
          title="Interaction details"
          name={view.open}
          failed={details.failed}
          retry={details.retry}
          onClose={() => go({ ...view, open: undefined })}
        />
      )}
      {view.open && InteractionDetails && (
        <InteractionDetails
          key={view.open}
          guid={view.open}
          zone={zone}
          recordingsContainer={recordingsContainer}
          retentionDays={retentionDays}
          onClose={() => go({ ...view, open: undefined })}
        />
      )}
    </div>
  );
}
