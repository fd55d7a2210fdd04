'use client';

import { useRef, type ReactNode, type RefObject } from 'react';
import { PartLoading } from './part-loading';

type Props = {
  headingId: string;
  title: string;
  /** The blob name or interaction id, shown under the heading. */
  name: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onClose: () => void;
  children: ReactNode;
};

/** The details panel's frame (recordings and interactions): its heading, Close, the name, and Escape to close. */
export function DetailsShell({ headingId, title, name, headingRef, onClose, children }: Props) {
  return (
    // Escape pressed on any control inside closes the panel: the aside catches the bubbled keydown.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <aside className="details-panel" aria-labelledby={headingId} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header>
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </header>
      <p className="mono details-name">{name}</p>
      {children}
    </aside>
  );
}

/** The same frame while the panel's own code loads (once, on first open), or why it did not. */
export function DetailsLoading({
  title,
  name,
  failed,
  retry,
  onClose,
}: Pick<Props, 'title' | 'name' | 'onClose'> & { failed: boolean; retry: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <DetailsShell headingId="details-heading" title={title} name={name} headingRef={heading} onClose={onClose}>
      <PartLoading what="The details" failed={failed} retry={retry} />
    </DetailsShell>
  );
}
