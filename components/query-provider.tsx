'use client';

import { QueryClient, QueryClientProvider, isServer } from '@tanstack/react-query';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Listings change only when recordings arrive or expire; 30 s avoids refetching on every focus.
      // The server already retries storage; only a request that never reached it is worth one more try.
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => failures < 1 && (error as { status?: number }).status === 0,
        refetchOnWindowFocus: false,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** A new client per server render, one for the whole life of the browser tab. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function QueryProvider({ children }: { children: React.ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>;
}
