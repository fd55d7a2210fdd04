'use client';

import { useState } from 'react';
import type { BlobRow } from './api';

export type Selection = {
  items: ReadonlyMap<string, number>;
  bytes: number;
  toggle: (row: BlobRow, on: boolean) => void;
  clear: () => void;
};

/** Blobs picked for a zip, by name with their size, kept across pages of one container. */
export function useSelection(): Selection {
  const [items, setItems] = useState<ReadonlyMap<string, number>>(new Map());
  return {
    items,
    bytes: [...items.values()].reduce((a, b) => a + b, 0),
    toggle: (row, on) =>
      setItems((current) => {
        const next = new Map(current);
        if (on) next.set(row.name, row.size ?? 0);
        else next.delete(row.name);
        return next;
      }),
    clear: () => setItems(new Map()),
  };
}
