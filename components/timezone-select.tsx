'use client';

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { currentZoneId, findZoneOption, searchZones, type ZoneOption } from '@/lib/time/zone-search';
import { isKnownTimeZone, timeZoneLabel } from '@/lib/time/zones';
import { zoneOptionsNow, zoneOptionsWhenIdle } from './zone-options';

type Props = {
  id?: string;
  value: string;
  onChange: (zone: string) => void;
  onBlur?: () => void;
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
};

/** Searchable IANA timezone picker (ARIA combobox): type any part of a city (old or new name), region, long name or offset. */
export function TimezoneSelect({ id, value, onChange, onBlur, invalid, describedBy, disabled }: Props) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const listId = `${inputId}-list`;
  // Until the full list is built (see zone-options.ts), the field shows the chosen zone's own label.
  const [options, setOptions] = useState<ZoneOption[] | null>(null);
  useEffect(() => {
    let mounted = true;
    zoneOptionsWhenIdle().then((all) => mounted && setOptions(all));
    return () => void (mounted = false);
  }, []);
  const selected = options ? findZoneOption(options, value) : undefined;
  const ownLabel = useMemo(
    () => (isKnownTimeZone(value) ? timeZoneLabel(value, new Date(), 'en-US', currentZoneId(value)) : undefined),
    [value],
  );
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);

  const matches = useMemo(() => (options ? (query ? searchZones(options, query) : options) : []), [options, query]);

  /** The options for an event that needs them: built at once if the idle slices have not finished. */
  function allOptions(): ZoneOption[] {
    if (options) return options;
    const all = zoneOptionsNow();
    setOptions(all);
    return all;
  }

  function choose(option: ZoneOption | undefined) {
    if (option) onChange(option.zone);
    setQuery(null);
    setOpen(false);
  }

  /** Opens the list with the current zone highlighted and in view. */
  function openAtCurrent() {
    const all = allOptions();
    const current = findZoneOption(all, value);
    const at = Math.max(0, (query ? searchZones(all, query) : all).indexOf(current!));
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

  // A listbox must hold options: with no match the message shows instead and the list is closed.
  const listed = open && matches.length > 0;
  const activeOption = listed ? matches[active] : undefined;
  return (
    <div className="combobox">
      <input
        id={inputId}
        type="text"
        role="combobox"
        aria-expanded={listed}
        aria-controls={listed ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? `${listId}-${activeOption.zone}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={query ?? selected?.label ?? ownLabel ?? value}
        placeholder="Search by city, region or offset"
        onFocus={(e) => e.currentTarget.select()}
        onClick={() => {
          if (!open) openAtCurrent();
        }}
        onChange={(e) => {
          allOptions();
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
      {open && matches.length === 0 && <p className="combobox-popup no-match">No timezone matches “{query}”</p>}
      {listed && (
        <ul id={listId} role="listbox" ref={listRef} aria-label="Matching zones" className="combobox-popup">
          {matches.map((o, i) => (
            <li
              key={o.zone}
              id={`${listId}-${o.zone}`}
              role="option"
              aria-selected={i === active}
              className={o === selected ? 'current' : undefined}
              // mousedown, not click: it must win against the input's blur.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
              onMouseEnter={() => setActive(i)}
            >
              {o.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
