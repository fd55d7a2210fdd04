// The limits a form shows and the server enforces, kept free of zod so a page can use them without
// loading its schemas (those load on first use: components/lazy-resolver.ts, find-checks.ts).

/** Rows a page of the Recordings browser or the Interactions results holds. */
export const PAGE_SIZES = [50, 100, 500] as const;
export const INTERACTION_PAGE_SIZES = PAGE_SIZES;

/** The longest Interactions search range. */
export const MAX_RANGE_DAYS = 31;
export const DIRECTIONS = ['INBOUND', 'OUTBOUND', 'INTERNAL'] as const;
