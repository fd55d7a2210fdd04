'use client';

import { PageSizeSelect } from '@/components/ui/page-size-select';
import { PAGE_SIZES } from '@/lib/validations/limits';
import type { View } from './view-state';

/** Which container, browse or find, and how many rows a page holds. */
export function Toolbar({ view, containers, go }: { view: View; containers: string[]; go: (view: View) => void }) {
  return (
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
      <PageSizeSelect id="page-size" value={view.pageSize} sizes={PAGE_SIZES} onChange={(pageSize) => go({ ...view, pageSize })} />
    </div>
  );
}
