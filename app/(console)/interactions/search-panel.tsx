'use client';

import { useState } from 'react';
import { lazyPart } from '@/components/lazy-part';
import { TimezoneSelect } from '@/components/timezone-select';
import { DIRECTIONS, MAX_RANGE_DAYS } from '@/lib/validations/limits';
import type { SearchForm } from './view-state';

// The route's own schema (and zod), loaded when the form is first touched rather than with the page.
const searchChecks = lazyPart(() => import('@/lib/validations/interactions').then((m) => m.interactionSearchSchema));
type SearchSchema = Awaited<ReturnType<typeof searchChecks.load>>;

type Props = { initial: SearchForm; mediaTypes: string[]; busy: boolean; onSearch: (form: SearchForm) => void };

function errorsOf(form: SearchForm, schema: SearchSchema): Partial<Record<keyof SearchForm, string>> {
  const parsed = schema.safeParse(form);
  if (parsed.success) return {};
  const out: Partial<Record<keyof SearchForm, string>> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'from') as keyof SearchForm;
    out[key] ??= issue.message;
  }
  return out;
}

/** The search: a time range in a chosen zone (required) and optional customer, agent, id, media and direction. */
export function SearchPanel({ initial, mediaTypes, busy, onSearch }: Props) {
  const [form, setForm] = useState<SearchForm>(initial);
  const [showErrors, setShowErrors] = useState(false);
  const [touched, setTouched] = useState(false);
  const [loadFailed, setLoadFailed] = useState(false);
  const checks = searchChecks.useLoaded(touched);
  const errors = checks.part ? errorsOf(form, checks.part) : {};
  const update = (patch: Partial<SearchForm>) => setForm((f) => ({ ...f, ...patch }));
  const err = (k: keyof SearchForm) => (showErrors ? errors[k] : undefined);
  const described = (k: keyof SearchForm) => (err(k) ? `ix-${k}-error` : undefined);
  const text = (k: 'customer' | 'agent' | 'interaction', label: string, placeholder: string) => (
    <div className="field">
      <label htmlFor={`ix-${k}`}>{label}</label>
      <input
        id={`ix-${k}`}
        type="search"
        value={form[k]}
        placeholder={placeholder}
        onChange={(e) => update({ [k]: e.target.value })}
        aria-invalid={err(k) ? true : undefined}
        aria-describedby={described(k)}
      />
      {err(k) && (
        <span className="error" id={`ix-${k}-error`}>
          {err(k)}
        </span>
      )}
    </div>
  );

  return (
    <form
      className="find-panel"
      role="search"
      noValidate
      onFocus={() => setTouched(true)}
      onPointerDown={() => setTouched(true)}
      onSubmit={async (e) => {
        e.preventDefault();
        setTouched(true);
        let schema = searchChecks.now();
        try {
          schema ??= await searchChecks.load();
        } catch {
          return setLoadFailed(true);
        }
        setLoadFailed(false);
        setShowErrors(true);
        if (Object.keys(errorsOf(form, schema)).length === 0) onSearch(form);
      }}
    >
      <div className="find-grid">
        <div className="field">
          <label htmlFor="ix-from">From</label>
          <input
            id="ix-from"
            type="datetime-local"
            value={form.from}
            onChange={(e) => update({ from: e.target.value })}
            aria-invalid={err('from') ? true : undefined}
            aria-describedby={described('from')}
          />
          {err('from') && (
            <span className="error" id="ix-from-error">
              {err('from')}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="ix-to">To</label>
          <input
            id="ix-to"
            type="datetime-local"
            value={form.to}
            onChange={(e) => update({ to: e.target.value })}
            aria-invalid={err('to') ? true : undefined}
            aria-describedby={described('to') ?? 'ix-range-hint'}
          />
          {err('to') ? (
            <span className="error" id="ix-to-error">
              {err('to')}
            </span>
          ) : (
            <span className="hint" id="ix-range-hint">
              At most {MAX_RANGE_DAYS} days.
            </span>
          )}
        </div>
        <div className="field find-zone">
          <label htmlFor="ix-zone">Timezone</label>
          <TimezoneSelect id="ix-zone" value={form.zone} onChange={(zone) => update({ zone })} invalid={Boolean(err('zone'))} />
        </div>
        {text('customer', 'Customer address, phone or email', 'e.g. +1 (555) 010-2030')}
        {text('agent', 'Agent name or employee id', 'e.g. Maria Alvarez')}
        {text('interaction', 'Interaction id', 'MEDIA_SERVER_IXN_GUID')}
        <div className="field">
          <label htmlFor="ix-media">Media type</label>
          <select id="ix-media" value={form.media} onChange={(e) => update({ media: e.target.value })}>
            <option value="">Any media</option>
            {mediaTypes.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ix-direction">Direction</label>
          <select
            id="ix-direction"
            value={form.direction}
            onChange={(e) => update({ direction: e.target.value as SearchForm['direction'] })}
          >
            <option value="">Any direction</option>
            {DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {d.charAt(0) + d.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </div>
      </div>
      {loadFailed && (
        <div className="alert alert-error" role="alert">
          <p>The search could not load its checks. Check your connection and press Search again.</p>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Searching…' : 'Search'}
        </button>
      </div>
    </form>
  );
}
