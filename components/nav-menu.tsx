'use client';

import { useRef, useState } from 'react';
import { CloseIcon, MenuIcon } from '@/components/ui/icons';

/**
 * The header's sections and the signed-in user. Wide screens show them in the header as they are;
 * narrow ones fold them behind a Menu button (a disclosure) that opens them below the header.
 */
export function NavMenu({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div className="nav-menu" data-open={open || undefined}>
      <button
        ref={button}
        type="button"
        className="btn btn-small btn-on-dark menu-button"
        aria-expanded={open}
        aria-controls="console-menu"
        onClick={() => setOpen((o) => !o)}
      >
        {open ? <CloseIcon /> : <MenuIcon />}
        Menu
      </button>
      {/* It catches clicks and Escape bubbled from the links inside; it is not a control itself. */}
      {/* eslint-disable-next-line jsx-a11y/no-static-element-interactions */}
      <div
        id="console-menu"
        className="menu-panel"
        // A link followed is a page left: the menu closes behind it.
        onClick={(e) => (e.target as Element).closest('a') && setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) {
            setOpen(false);
            button.current?.focus();
          }
        }}
      >
        {children}
      </div>
    </div>
  );
}
