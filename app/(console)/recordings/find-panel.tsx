'use client';

import { useState } from 'react';
import { TimezoneSelect } from '@/components/timezone-select';
import { buildWhere, findCurl, TAG_OPERATORS, type TagOperator } from '@/lib/tags/where';
import { findQuerySchema } from '@/lib/validations/find-query';
import { toFindQuery, type FindForm } from './view-state';

type Props = {
  container: string;
  initial: FindForm;
  recordingTypes: string[];
  accountBase: string;
  onFind: (form: FindForm) => void;
  busy: boolean;
};

/** The query builder: RecordingType, a StoredTime range in a chosen zone, and extra tag conditions (AND only). */
export function FindPanel({ container, initial, recordingTypes, accountBase, onFind, busy }: Props) {
  const [form, setForm] = useState<FindForm>(initial);
  const [showErrors, setShowErrors] = useState(false);
  const { query, errors } = toFindQuery(container, form, findQuerySchema);
  const where = query ? buildWhere(findQuerySchema.parse(query)) : undefined;
  const update = (patch: Partial<FindForm>) => setForm((f) => ({ ...f, ...patch }));
  const setTag = (i: number, patch: Partial<FindForm['tags'][number]>) =>
    update({ tags: form.tags.map((t, j) => (j === i ? { ...t, ...patch } : t)) });

  return (
    <form
      className="find-panel"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setShowErrors(true);
        if (query) onFind(form);
      }}
    >
      <div className="find-grid">
        <div className="field">
          <label htmlFor="find-type">RecordingType</label>
          <select id="find-type" value={form.recordingType} onChange={(e) => update({ recordingType: e.target.value })}>
            <option value="">Any type</option>
            {recordingTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="find-from">StoredTime from</label>
          <input
            id="find-from"
            type="datetime-local"
            value={form.from}
            onChange={(e) => update({ from: e.target.value })}
            aria-invalid={showErrors && errors.storedFrom ? true : undefined}
          />
          {showErrors && errors.storedFrom && <span className="error">{errors.storedFrom}</span>}
        </div>
        <div className="field">
          <label htmlFor="find-to">StoredTime to</label>
          <input
            id="find-to"
            type="datetime-local"
            value={form.to}
            onChange={(e) => update({ to: e.target.value })}
            aria-invalid={showErrors && errors.storedTo ? true : undefined}
          />
          {showErrors && errors.storedTo && <span className="error">{errors.storedTo}</span>}
        </div>
        <div className="field find-zone">
          <label htmlFor="find-zone">Timezone of the range</label>
          <TimezoneSelect id="find-zone" value={form.zone} onChange={(zone) => update({ zone })} />
        </div>
      </div>

      <fieldset className="tag-rows">
        <legend>More tag conditions (all must match)</legend>
        {form.tags.map((t, i) => (
          <div className="tag-row" key={i}>
            <input
              aria-label={`Tag name ${i + 1}`}
              placeholder="Tag name"
              value={t.key}
              onChange={(e) => setTag(i, { key: e.target.value })}
            />
            <select aria-label={`Operator ${i + 1}`} value={t.op} onChange={(e) => setTag(i, { op: e.target.value as TagOperator })}>
              {TAG_OPERATORS.map((op) => (
                <option key={op} value={op}>
                  {op}
                </option>
              ))}
            </select>
            <input
              aria-label={`Tag value ${i + 1}`}
              placeholder="Value"
              value={t.value}
              onChange={(e) => setTag(i, { value: e.target.value })}
            />
            <button
              type="button"
              className="btn btn-small"
              onClick={() => update({ tags: form.tags.filter((_, j) => j !== i) })}
              aria-label={`Remove condition ${i + 1}`}
            >
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="btn btn-small" onClick={() => update({ tags: [...form.tags, { key: '', op: '=', value: '' }] })}>
          Add condition
        </button>
      </fieldset>

      {showErrors && !query && (
        <div className="alert alert-error" role="alert">
          <p>{Object.values(errors)[0] ?? 'Check the query.'}</p>
        </div>
      )}
      <div className="where-preview">
        <div className="label">Where expression sent to Azure</div>
        <pre className="code-block" aria-live="polite">
          {where ?? (Object.values(errors)[0] ? `— ${Object.values(errors)[0]}` : '—')}
        </pre>
        {where && (
          <>
            <div className="label">The same query with the ACCOUNT CONTAINER URL</div>
            <pre className="code-block">{findCurl(accountBase, where)}</pre>
          </>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Finding…' : 'Find blobs'}
        </button>
      </div>
    </form>
  );
}
