'use client';

type QueryLike<T> = { data?: T; isPending: boolean; isError: boolean; error: Error | null; refetch: () => unknown };

/** A page of results, or its loading, failure (with Try again) or empty state. */
export function Results<T>({
  query,
  render,
  empty,
  isEmpty,
}: {
  query: QueryLike<T>;
  render: (data: T) => React.ReactNode;
  empty: string;
  isEmpty: (data: T) => boolean;
}) {
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
