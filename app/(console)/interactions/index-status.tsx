'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatInstant } from '@/lib/format';
import { fetchIndexStatus, indexNow } from './api';

/** How far the index has read the export, its last run, and chunks it could not read. */
export function IndexStatus({ isAdmin, onIndexed }: { isAdmin: boolean; onIndexed: () => void }) {
  const status = useQuery({ queryKey: ['index-status'], queryFn: ({ signal }) => fetchIndexStatus(signal), refetchInterval: 60_000 });
  // One button's run, kept here rather than in useMutation, whose code this page's first load did not need.
  const [run, setRun] = useState<{ pending?: boolean; data?: Awaited<ReturnType<typeof indexNow>>; error?: string }>({});
  const start = async () => {
    setRun({ pending: true });
    try {
      setRun({ data: await indexNow() });
    } catch (error) {
      setRun({ error: error instanceof Error ? error.message : 'Indexing failed.' });
    }
    void status.refetch().then(onIndexed);
  };
  const s = status.data?.state;
  return (
    <section className="panel index-status" aria-labelledby="index-heading">
      <h2 id="index-heading" className="visually-hidden">
        Index status
      </h2>
      <div role="status" aria-live="polite">
        {status.isPending && <span className="hint">Reading the index status…</span>}
        {status.isError && <span className="error">{status.error.message}</span>}
        {s && (
          <span>
            {s.watermark ? (
              <>
                Index: through <span className="mono">{s.watermark}</span> of {formatInstant(s.watermarkDate)},{' '}
                {s.count.toLocaleString('en-US')} interactions.
              </>
            ) : (
              'Index: no export chunk read yet.'
            )}{' '}
            <span className="hint">
              Last run {s.lastRunAt ? formatInstant(s.lastRunAt) : 'never'}
              {s.lastRunOutcome && s.lastRunOutcome !== 'ok'
                ? ` (${s.lastRunOutcome}${s.lastRunMessage ? `: ${s.lastRunMessage}` : ''})`
                : s.lastRunMessage
                  ? ` (${s.lastRunMessage})`
                  : ''}
              .
            </span>
          </span>
        )}
        {run.data && (
          <span className="hint">
            {' '}
            Indexed {run.data.rows} interactions from {run.data.chunks} new chunks{run.data.failed ? `, ${run.data.failed} failed` : ''}
            {run.data.outcome === 'busy' ? ' (another console process is indexing)' : ''}.
          </span>
        )}
        {run.error && <span className="error"> {run.error}</span>}
      </div>
      {isAdmin && (
        <button type="button" className="btn btn-small" onClick={start} disabled={run.pending}>
          {run.pending ? 'Indexing…' : 'Index now'}
        </button>
      )}
      {status.data && status.data.failed.length > 0 && (
        <details className="failed-chunks">
          <summary>
            {status.data.failed.length} export chunk{status.data.failed.length === 1 ? '' : 's'} could not be read
          </summary>
          <ul>
            {status.data.failed.map((f) => (
              <li key={f.chunk}>
                <span className="mono">{f.chunk}</span>: {f.reason} <span className="hint">({formatInstant(f.at)})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
