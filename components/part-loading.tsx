'use client';

/** A lazily loaded part's place while it loads (a moment, once), or why it did not, with Try again. */
export function PartLoading({ what, failed, retry }: { what: string; failed: boolean; retry: () => void }) {
  return failed ? (
    <div className="alert alert-error" role="alert">
      <p>{what} could not be loaded. Check your connection and try again.</p>
      <button type="button" className="btn btn-small" onClick={retry}>
        Try again
      </button>
    </div>
  ) : (
    <p className="hint loading-row" role="status">
      Loading…
    </p>
  );
}
