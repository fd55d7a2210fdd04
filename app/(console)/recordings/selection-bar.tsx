'use client';

import { selectionSummary, zipSelectedLabel } from './sentences';
import type { Selection } from './use-selection';
import { LazyZipDownload } from './lazy-zip-download';

/** What is selected across pages, and the zip of it: kept above the table, a few key presses from the rows. */
export function SelectionBar({ container, selection }: { container: string; selection: Selection }) {
  const { items, bytes } = selection;
  return (
    <div className="selection-bar" aria-live="polite">
      <span>{selectionSummary(items.size, bytes)}</span>
      {items.size > 0 && (
        <>
          <button type="button" className="btn btn-small" onClick={selection.clear}>
            Clear selection
          </button>
          <LazyZipDownload
            key="selected"
            label={zipSelectedLabel(items.size, bytes)}
            request={{ container, names: [...items.keys()] }}
            expectedBytes={bytes || undefined}
          />
        </>
      )}
    </div>
  );
}
