'use client';

import type { PagerState } from './use-listing';
import { pageSummary } from './sentences';

/** Page N, what is on it, and Previous / Next (the storage continuation marker, never an offset). */
export function Pager({ page, folders, blobs, updating, previous, next }: PagerState) {
  return (
    <div className="pager" role="group" aria-label="Pages">
      <span className="hint page-info">
        Page {page}
        {blobs !== undefined ? ` · ${pageSummary(folders ?? 0, blobs)}` : ''}
        {updating ? ' · updating…' : ''}
      </span>
      <button type="button" className="btn" disabled={!previous} onClick={previous}>
        Previous
      </button>
      <button type="button" className="btn" disabled={!next} onClick={next}>
        Next
      </button>
    </div>
  );
}
