'use client';

import { keepPreviousData, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { TAG_COLUMNS } from './sentences';
import { fetchFindPage, fetchListPage, fetchProperties, fetchTagValues, type FindPage } from './api';
import { findPart } from './find-part';
import { toFindQuery, type FindQuerySchema, type View } from './view-state';
import type { FindQuery } from '@/lib/tags/where';

const listQuery = (view: View, marker: string) => {
  const prefix = view.prefix + view.name;
  return {
    queryKey: ['list', view.container, prefix, marker, view.pageSize],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      fetchListPage({ container: view.container, prefix, marker, pageSize: view.pageSize }, signal),
  };
};

// Find answers with names and the tags the query named: its rows show at once, and size, dates
// (and the shown tags the query did not name, one more call a blob) follow in one batch.
const propertiesQuery = (container: string, page: FindPage | undefined) => {
  const names = page?.blobs.map((b) => b.name) ?? [];
  const tags = Boolean(page?.blobs.some((b) => TAG_COLUMNS.some((key) => b.tags?.[key] === undefined)));
  return {
    queryKey: ['properties', container, names, tags],
    queryFn: ({ signal }: { signal: AbortSignal }) => fetchProperties(container, names, tags, signal),
  };
};

/** The batch of sizes and dates is asked for as soon as the find answers, not after its rows are drawn. */
const findPageQuery = (client: QueryClient, view: View, marker: string, query: FindQuery | undefined) => {
  return {
    queryKey: ['find', query, marker, view.pageSize],
    queryFn: async ({ signal }: { signal: AbortSignal }) => {
      const page = await fetchFindPage({ query: query!, marker, pageSize: view.pageSize }, signal);
      if (page.blobs.length > 0) void client.prefetchQuery(propertiesQuery(view.container, page));
      return page;
    },
  };
};

/**
 * Starts a view's first page as the view is chosen (a click), so the request does not wait for the
 * URL change and the re-render that follow it; the listing then picks up the same query.
 */
export function startFirstPage(client: QueryClient, view: View) {
  if (view.mode === 'browse') return void client.prefetchQuery(listQuery(view, ''));
  // In find mode the schema has loaded before anyone can press Find; if not, the listing starts it.
  const query = findQueryOf(view, findPart.now()?.findQuerySchema);
  if (query) void client.prefetchQuery(findPageQuery(client, view, '', query));
}

function findQueryOf(view: View, schema: FindQuerySchema | undefined): FindQuery | undefined {
  return view.mode === 'find' && schema ? toFindQuery(view.container, view.find, schema).query : undefined;
}

/**
 * One view's listing or find, page by page. Its component is keyed by the view, so another folder,
 * container or mode starts here afresh at page 1 and never sends the marker of a page it left.
 */
export function useListing(view: View) {
  // Markers already seen, so Previous goes back without re-listing from the start.
  const [markers, setMarkers] = useState<string[]>(['']);
  const [page, setPage] = useState(0);
  const marker = markers[page] ?? '';
  const client = useQueryClient();
  const findLoad = findPart.useLoaded(view.mode === 'find');
  const findQuery = findQueryOf(view, findLoad.part?.findQuerySchema);

  const list = useQuery({ ...listQuery(view, marker), enabled: view.mode === 'browse', placeholderData: keepPreviousData });
  const find = useQuery({
    ...findPageQuery(client, view, marker, findQuery),
    enabled: view.mode === 'find' && Boolean(findQuery),
    placeholderData: keepPreviousData,
  });
  const properties = useQuery({
    ...propertiesQuery(view.container, find.data),
    enabled: view.mode === 'find' && Boolean(find.data?.blobs.length),
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
    /** The find mode's builder and schema, once loaded. */
    findPart: findLoad,
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
