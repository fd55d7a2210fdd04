'use client';

import { useId, useMemo, useRef, useState } from 'react';
import { allTimeZones, timeZoneLabel } from '@/lib/time/zones';

type Props = {
  id?: string;
  value: string;
  onChange: (zone: string) => void;
  onBlur?: () => void;
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
};

type Option = { zone: string; label: string; search: string; id: string };

function normalise(text: string): string {
  return text.toLowerCase().replace(/[_/]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Searchable IANA timezone picker (ARIA combobox): type any part of a city, region, name or offset. */
export function TimezoneSelect({ id, value, onChange, onBlur, invalid, describedBy, disabled }: Props) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const listId = `${inputId}-list`;
  const options = useMemo<Option[]>(() => {
    const now = new Date();
    return allTimeZones().map((zone) => {
      const label = timeZoneLabel(zone, now);
      return { zone, label, search: normalise(label), id: normalise(zone) };
    });
  }, []);
  const selected = options.find((o) => o.zone === value);
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);

  const matches = useMemo(() => {
    if (!query) return options;
    const words = normalise(query).split(' ');
    const hits = options.filter((o) => words.every((w) => o.search.includes(w)));
    // Zones whose id matches (a city or region typed) come before matches on the long name only.
    const byId = hits.filter((o) => words.every((w) => o.id.includes(w)));
    return byId.length === hits.length ? hits : [...byId, ...hits.filter((o) => !byId.includes(o))];
  }, [options, query]);

  function choose(option: Option | undefined) {
    if (option) onChange(option.zone);
    setQuery(null);
    setOpen(false);
  }

  /** Opens the list with the current zone highlighted and in view. */
  function openAtCurrent() {
    const at = Math.max(0, matches.findIndex((o) => o.zone === value));
    setOpen(true);
    setActive(at);
    requestAnimationFrame(() => listRef.current?.children[at]?.scrollIntoView({ block: 'nearest' }));
  }

  function move(to: number) {
    const next = Math.max(0, Math.min(matches.length - 1, to));
    setActive(next);
    listRef.current?.children[next]?.scrollIntoView({ block: 'nearest' });
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) openAtCurrent();
        else move(active + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!open) openAtCurrent();
        else move(active - 1);
        break;
      case 'PageDown':
        if (open) {
          event.preventDefault();
          move(active + 10);
        }
        break;
      case 'PageUp':
        if (open) {
          event.preventDefault();
          move(active - 10);
        }
        break;
      case 'Enter':
        if (open) {
          event.preventDefault();
          choose(matches[active]);
        }
        break;
      case 'Escape':
        if (open || query !== null) {
          event.preventDefault();
          setQuery(null);
          setOpen(false);
        }
        break;
    }
  }

  const activeOption = open ? matches[active] : undefined;
  return (
    <div className="combobox">
      <input
        id={inputId}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? `${listId}-${activeOption.zone}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={query ?? selected?.label ?? value}
        placeholder="Search by city, region or offset"
        onFocus={(e) => e.currentTarget.select()}
        onClick={() => {
          if (!open) openAtCurrent();
        }}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setQuery(null);
          setOpen(false);
          onBlur?.();
        }}
      />
      <span className="visually-hidden" aria-live="polite">
        {open && query ? `${matches.length} timezone${matches.length === 1 ? '' : 's'} match` : ''}
      </span>
      {open && (
        <ul id={listId} role="listbox" ref={listRef} aria-label="Matching zones">
          {matches.length === 0 ? (
            <li className="no-match" role="presentation">
              No timezone matches “{query}”
            </li>
          ) : (
            matches.map((o, i) => (
              <li
                key={o.zone}
                id={`${listId}-${o.zone}`}
                role="option"
                aria-selected={i === active}
                className={o.zone === value ? 'current' : undefined}
                // mousedown, not click: it must win against the input's blur.
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(o);
                }}
                onMouseEnter={() => setActive(i)}
              >
                {o.label}
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}
