'use client';

import { useState } from 'react';

/** "Name starts with": a draft until Filter is pressed (its parent is keyed by the view, so the draft follows it). */
export function NameFilter({ initial, onFilter }: { initial: string; onFilter: (name: string) => void }) {
  const [draft, setDraft] = useState(initial);
  return (
    <form
      className="name-filter"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onFilter(draft);
      }}
    >
      <label htmlFor="name-prefix">Name starts with</label>
      <input id="name-prefix" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="e.g. 00" />
      <button type="submit" className="btn btn-small">
        Filter
      </button>
    </form>
  );
}
