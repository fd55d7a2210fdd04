'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { formatBytes } from '@/lib/format';
import { PAGE_SIZES } from '@/lib/validations/blobs';
import { fetchFindPage, fetchListPage, fetchProperties, fetchTagValues, type BlobRow } from './api';
import { BlobTable } from './blob-table';
import { DetailsPanel } from './details-panel';
import { FindPanel } from './find-panel';
import { toFindQuery, writeView, readView, type FindForm, type View } from './view-state';
import { ZipDownload, type ZipRequest } from './zip-download';

type Props = { containers: string[]; retentionDays: number; accountBase: string };

export function RecordingsBrowser({ containers, retentionDays, accountBase }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const view = useMemo(() => readView(new URLSearchParams(params.toString()), containers), [params, containers]);
  const viewKey = writeView(view);

  // Markers already seen, so Previous goes back without re-listing from the start.
  const [markers, setMarkers] = useState<string[]>(['']);
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<Map<string, number>>(new Map());
  const [detailsOf, setDetailsOf] = useState<string | null>(null);
  const [nameDraft, setNameDraft] = useState(view.name);
  useEffect(() => {
    setMarkers(['']);
    setPage(0);
    setNameDraft(view.name);
  }, [viewKey, view.name]);
  useEffect(() => {
    setSelected(new Map());
    setDetailsOf(null);
  }, [view.container]);

  const go = useCallback((next: View) => router.replace(`${pathname}${writeView(next)}`, { scroll: false }), [router, pathname]);
  const marker = markers[page] ?? '';
  const findQuery = view.mode === 'find' ? toFindQuery(view.container, view.find).query : undefined;

  const list = useQuery({
    queryKey: ['list', view.container, view.prefix + view.name, marker, view.pageSize],
    queryFn: ({ signal }) => fetchListPage({ container: view.container, prefix: view.prefix + view.name, marker, pageSize: view.pageSize }, signal),
    enabled: view.mode === 'browse',
    placeholderData: keepPreviousData,
  });
  const find = useQuery({
    queryKey: ['find', findQuery, marker, view.pageSize],
    queryFn: ({ signal }) => fetchFindPage({ query: findQuery!, marker, pageSize: view.pageSize }, signal),
    enabled: view.mode === 'find' && Boolean(findQuery),
    placeholderData: keepPreviousData,
  });
  // Find answers with names and the matched tags; size, dates and every tag follow in one batch.
  const foundNames = find.data?.blobs.map((b) => b.name) ?? [];
  const properties = useQuery({
    queryKey: ['properties', view.container, foundNames],
    queryFn: ({ signal }) => fetchProperties(view.container, foundNames, signal),
    enabled: view.mode === 'find' && foundNames.length > 0,
  });
  const found = useMemo(() => {
    if (!find.data) return undefined;
    const byName = new Map(properties.data?.blobs.map((b) => [b.name, b]));
    return { ...find.data, blobs: find.data.blobs.map((b) => ({ ...b, ...byName.get(b.name), tags: byName.get(b.name)?.tags ?? b.tags })) };
  }, [find.data, properties.data]);
  const active = view.mode === 'browse' ? list : find;
  // The builder offers the RecordingType values present; the usual two until storage says.
  const tagValues = useQuery({
    queryKey: ['tag-values', view.container, 'RecordingType'],
    queryFn: ({ signal }) => fetchTagValues(view.container, 'RecordingType', signal),
    enabled: view.mode === 'find',
    staleTime: 10 * 60_000,
  });
  const recordingTypes = tagValues.data?.length ? tagValues.data : ['CALL', 'SCREEN'];
  const nextMarker = active.data?.nextMarker;

  function toggle(row: BlobRow, on: boolean) {
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(row.name, row.size ?? 0);
      else next.delete(row.name);
      return next;
    });
  }

  function nextPage() {
    if (!nextMarker) return;
    setMarkers((m) => [...m.slice(0, page + 1), nextMarker]);
    setPage((p) => p + 1);
  }

  const selectedBytes = [...selected.values()].reduce((a, b) => a + b, 0);
  const zipRequests: { key: string; label: string; request: ZipRequest; expectedBytes?: number }[] = [];
  if (selected.size > 0) {
    zipRequests.push({
      key: 'selected',
      label: `Download ${selected.size} selected (${formatBytes(selectedBytes)}) as zip`,
      request: { container: view.container, names: [...selected.keys()] },
      expectedBytes: selectedBytes || undefined,
    });
  }
  if (view.mode === 'find' && findQuery && (find.data?.blobs.length ?? 0) > 0) {
    zipRequests.push({ key: 'query', label: 'Download everything this query finds as zip', request: { container: view.container, query: findQuery } });
  }

  const crumbs = view.prefix.split('/').filter(Boolean);
  return (
    <div className={`browser${detailsOf ? ' with-details' : ''}`}>
      <div className="browser-main">
        <div className="toolbar">
          <div className="field inline-field">
            <label htmlFor="container">Container</label>
            <select id="container" value={view.container} onChange={(e) => go({ ...view, container: e.target.value, prefix: '', name: '' })}>
              {containers.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div className="mode-tabs" role="group" aria-label="Browse or find">
            <button type="button" aria-pressed={view.mode === 'browse'} className="tab" onClick={() => go({ ...view, mode: 'browse' })}>
              Browse folders
            </button>
            <button type="button" aria-pressed={view.mode === 'find'} className="tab" onClick={() => go({ ...view, mode: 'find' })}>
              Find by tags
            </button>
          </div>
          <div className="field inline-field">
            <label htmlFor="page-size">Page size</label>
            <select id="page-size" value={view.pageSize} onChange={(e) => go({ ...view, pageSize: Number(e.target.value) })}>
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </div>

        {view.mode === 'browse' ? (
          <section className="panel" aria-labelledby="browse-heading">
            <header>
              <nav aria-label="Folder" className="crumbs">
                <h2 id="browse-heading" className="visually-hidden">
                  Folder
                </h2>
                <ol>
                  <li>
                    <button type="button" className="btn-link" onClick={() => go({ ...view, prefix: '', name: '' })} aria-current={crumbs.length === 0 ? 'location' : undefined}>
                      {view.container}
                    </button>
                  </li>
                  {crumbs.map((c, i) => (
                    <li key={i}>
                      <button
                        type="button"
                        className="btn-link"
                        aria-current={i === crumbs.length - 1 ? 'location' : undefined}
                        onClick={() => go({ ...view, prefix: `${crumbs.slice(0, i + 1).join('/')}/`, name: '' })}
                      >
                        {c}
                      </button>
                    </li>
                  ))}
                </ol>
              </nav>
              <form
                className="name-filter"
                role="search"
                onSubmit={(e) => {
                  e.preventDefault();
                  go({ ...view, name: nameDraft });
                }}
              >
                <label htmlFor="name-prefix">Name starts with</label>
                <input id="name-prefix" type="search" value={nameDraft} onChange={(e) => setNameDraft(e.target.value)} placeholder="e.g. 00" />
                <button type="submit" className="btn btn-small">
                  Filter
                </button>
              </form>
            </header>
            <Results
              query={list}
              empty={view.name ? `No blob in this folder starts with “${view.name}”.` : 'This folder is empty.'}
              render={(data) => (
                <BlobTable
                  container={view.container}
                  folders={data.folders}
                  blobs={data.blobs}
                  prefix={view.prefix}
                  retentionDays={retentionDays}
                  selected={selected}
                  onToggle={toggle}
                  onOpenFolder={(folder) => go({ ...view, prefix: folder, name: '' })}
                  onDetails={setDetailsOf}
                  caption={`Blobs in ${view.container}/${view.prefix}`}
                />
              )}
              isEmpty={(data) => data.folders.length === 0 && data.blobs.length === 0}
            />
          </section>
        ) : (
          <section className="panel" aria-labelledby="find-heading">
            <header>
              <h2 id="find-heading">Find blobs by tags</h2>
            </header>
            <FindPanel
              key={`${view.container}${viewKey}`}
              container={view.container}
              initial={view.find}
              recordingTypes={recordingTypes}
              accountBase={accountBase}
              busy={find.isFetching}
              onFind={(form: FindForm) => go({ ...view, find: form })}
            />
            {findQuery ? (
              <Results
                query={{ ...find, data: found }}
                empty="No blob matches this query."
                render={(data) => (
                  <BlobTable
                    container={view.container}
                    blobs={data.blobs}
                    retentionDays={retentionDays}
                    selected={selected}
                    onToggle={toggle}
                    onDetails={setDetailsOf}
                    caption="Blobs matching the query"
                    loadingDetails={properties.isPending}
                    detailsError={properties.isError ? properties.error.message : undefined}
                  />
                )}
                isEmpty={(data) => data.blobs.length === 0}
              />
            ) : (
              <p className="empty">Build a query above and press Find blobs.</p>
            )}
          </section>
        )}

        <div className="pager" role="group" aria-label="Pages">
          <span className="hint page-info">
            Page {page + 1}
            {active.data ? ` · ${active.data.blobs.length} blobs on this page` : ''}
            {active.isFetching && !active.isPending ? ' · updating…' : ''}
          </span>
          <button type="button" className="btn" disabled={page === 0} onClick={() => setPage((p) => Math.max(0, p - 1))}>
            Previous
          </button>
          <button type="button" className="btn" disabled={!nextMarker || active.isFetching} onClick={nextPage}>
            Next
          </button>
        </div>

        <div className="selection-bar" aria-live="polite">
          <span>
            {selected.size === 0 ? 'Select rows on any page to download several at once.' : `${selected.size} selected across pages (${formatBytes(selectedBytes)}).`}
          </span>
          {selected.size > 0 && (
            <button type="button" className="btn btn-small" onClick={() => setSelected(new Map())}>
              Clear selection
            </button>
          )}
          {zipRequests.map((z) => (
            <ZipDownload key={z.key} label={z.label} request={z.request} expectedBytes={z.expectedBytes} />
          ))}
        </div>
      </div>
      {detailsOf && <DetailsPanel container={view.container} name={detailsOf} retentionDays={retentionDays} onClose={() => setDetailsOf(null)} />}
    </div>
  );
}

type QueryLike<T> = { data?: T; isPending: boolean; isError: boolean; error: Error | null; isFetching: boolean; refetch: () => unknown };

function Results<T>({ query, render, empty, isEmpty }: { query: QueryLike<T>; render: (data: T) => React.ReactNode; empty: string; isEmpty: (data: T) => boolean }) {
  if (query.isPending) {
    return (
      <p className="hint loading-row" role="status">
        Loading…
      </p>
    );
  }
  if (query.isError || !query.data) {
    return (
      <div className="alert alert-error" role="alert">
        <p>{query.error?.message ?? 'Could not load this page.'}</p>
        <button type="button" className="btn btn-small" onClick={() => query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (isEmpty(query.data)) {
    // Azure may answer a page with no results and a marker: more may follow.
    const more = Boolean((query.data as { nextMarker?: string }).nextMarker);
    return <p className="empty">{more ? 'Nothing on this page; press Next for more results.' : empty}</p>;
  }
  return <>{render(query.data)}</>;
}
