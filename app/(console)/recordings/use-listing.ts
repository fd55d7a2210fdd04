'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { fetchFindPage, fetchListPage, fetchProperties, fetchTagValues } from './api';
import { toFindQuery, type View } from './view-state';

/**
 * One view's listing or find, page by page. Its component is keyed by the view, so another folder,
 * container or mode starts here afresh at page 1 and never sends the marker of a page it left.
 */
export function useListing(view: View) {
  // Markers already seen, so Previous goes back without re-listing from the start.
  const [markers, setMarkers] = useState<string[]>(['']);
  const [page, setPage] = useState(0);
  const marker = markers[page] ?? '';
  const findQuery = view.mode === 'find' ? toFindQuery(view.container, view.find).query : undefined;
  const prefix = view.prefix + view.name;

  const list = useQuery({
    queryKey: ['list', view.container, prefix, marker, view.pageSize],
    queryFn: ({ signal }) => fetchListPage({ container: view.container, prefix, marker, pageSize: view.pageSize }, signal),
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
  // The builder offers the RecordingType values present; the usual two until storage says.
  const tagValues = useQuery({
    queryKey: ['tag-values', view.container, 'RecordingType'],
    queryFn: ({ signal }) => fetchTagValues(view.container, 'RecordingType', signal),
    enabled: view.mode === 'find',
    staleTime: 10 * 60_000,
  });

  const active = view.mode === 'browse' ? list : find;
  const nextMarker = active.data?.nextMarker;
  return {
    list,
    find: { ...find, data: found },
    findQuery,
    properties,
    recordingTypes: tagValues.data?.length ? tagValues.data : ['CALL', 'SCREEN'],
    pager: {
      page: page + 1,
      folders: view.mode === 'browse' ? list.data?.folders.length : 0,
      blobs: active.data?.blobs.length,
      updating: active.isFetching && !active.isPending,
      previous: page > 0 ? () => setPage((p) => p - 1) : undefined,
      next:
        nextMarker && !active.isFetching
          ? () => {
              setMarkers((m) => [...m.slice(0, page + 1), nextMarker]);
              setPage((p) => p + 1);
            }
          : undefined,
    },
  };
}

export type Listing = ReturnType<typeof useListing>;
export type PagerState = Listing['pager'];
