// The browser's side of the recordings API: typed fetchers that turn every failure into a sentence.
import type { BlobDetails, BlobRow, ListPage, Preview } from '@/lib/blob-types';
import type { FindQuery } from '@/lib/tags/where';

export type { BlobDetails, BlobRow, ListPage } from '@/lib/blob-types';
export type FindPage = { where: string; blobs: BlobRow[]; nextMarker?: string };

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function answer<T>(response: Response): Promise<T> {
  if (response.ok) return (await response.json()) as T;
  let message = `The console answered ${response.status}.`;
  try {
    const body = (await response.json()) as { error?: string };
    if (body.error) message = body.error;
  } catch {
    // Not JSON (a proxy's error page): keep the status sentence.
  }
  if (response.status === 401) message = 'Your session has ended. Sign in again.';
  throw new ApiError(message, response.status);
}

async function call<T>(input: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers: { Accept: 'application/json', ...init?.headers } });
  } catch {
    throw new ApiError('The console could not be reached. Check your connection.', 0);
  }
  return answer<T>(response);
}

export function fetchListPage(p: { container: string; prefix: string; marker: string; pageSize: number }, signal?: AbortSignal) {
  const q = new URLSearchParams({ container: p.container, prefix: p.prefix, marker: p.marker, pageSize: String(p.pageSize) });
  return call<ListPage>(`/api/blobs?${q}`, { signal });
}

export function fetchFindPage(p: { query: FindQuery; marker: string; pageSize: number }, signal?: AbortSignal) {
  return call<FindPage>('/api/blobs/find', {
    method: 'POST',
    body: JSON.stringify(p),
    headers: { 'Content-Type': 'application/json' },
    signal,
  });
}

export function fetchDetails(container: string, name: string, signal?: AbortSignal) {
  return call<BlobDetails>(`/api/blobs/details?${new URLSearchParams({ container, name })}`, { signal });
}

export function downloadHref(container: string, name: string): string {
  return `/api/blobs/download?${new URLSearchParams({ container, name })}`;
}

export async function fetchTagValues(container: string, key: string, signal?: AbortSignal): Promise<string[]> {
  return (await call<{ values: string[] }>(`/api/blobs/tag-values?${new URLSearchParams({ container, key })}`, { signal })).values;
}

export function fetchProperties(container: string, names: string[], tags: boolean, signal?: AbortSignal) {
  return call<{ blobs: (BlobRow & { missing?: boolean })[] }>('/api/blobs/properties', {
    method: 'POST',
    body: JSON.stringify({ container, names, tags }),
    headers: { 'Content-Type': 'application/json' },
    signal,
  });
}

export function fetchPreview(container: string, name: string, signal?: AbortSignal) {
  return call<Preview>(`/api/blobs/preview?${new URLSearchParams({ container, name })}`, { signal });
}
