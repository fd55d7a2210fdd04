'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { DetailsShell } from '@/components/details-shell';
import { formatBytes, formatInstant } from '@/lib/format';
import { formatInZone } from '@/lib/time/zones';
import { DetailsPanel } from '../recordings/details-panel';
import { agentText, durationText, fetchInteraction } from './api';

type Props = { guid: string; zone: string; recordingsContainer: string; retentionDays: number; onClose: () => void };

/** One interaction: what the index knows, every export field, the chunk, and its recordings (each opens the Recordings details panel). */
export function InteractionDetails({ guid, zone, recordingsContainer, retentionDays, onClose }: Props) {
  const [blob, setBlob] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const details = useQuery({ queryKey: ['interaction', guid], queryFn: ({ signal }) => fetchInteraction(guid, signal) });
  useEffect(() => {
    if (!blob) heading.current?.focus();
  }, [guid, blob]);
  if (blob) return <DetailsPanel container={recordingsContainer} name={blob} retentionDays={retentionDays} onClose={() => setBlob(null)} />;

  const d = details.data;
  return (
    <DetailsShell headingId="ix-details-heading" title="Interaction details" name={guid} headingRef={heading} onClose={onClose}>
      {details.isPending && <p className="hint">Loading the interaction…</p>}
      {details.isError && (
        <p className="alert alert-error" role="alert">
          {details.error.message}
        </p>
      )}
      {d && (
        <>
          <dl className="kv kv-wide">
            <Row k="Start" v={formatInZone(new Date(d.startSec * 1000), zone)} />
            <Row k="End" v={d.endSec === undefined ? '—' : formatInZone(new Date(d.endSec * 1000), zone)} />
            <Row k="Duration" v={durationText(d)} />
            <Row k="Direction" v={d.directionName} />
            <Row k="Media" v={d.mediaName} />
            <Row k="Customer" v={d.customer} />
            <Row k="Agent" v={agentText(d.agents)} />
            <Row k="Export chunk" v={d.chunk} />
          </dl>
          <h3>Recordings</h3>
          {d.recordings.length === 0 ? (
            <p className="hint">No recording (none was made, or it has been deleted).</p>
          ) : (
            <ul className="recording-list">
              {d.recordings.map((r) => (
                <li key={r.name}>
                  <button type="button" className="btn-link mono" onClick={() => setBlob(r.name)}>
                    {r.name.slice(r.name.lastIndexOf('/') + 1)}
                  </button>
                  <span className="hint">
                    {' '}
                    {r.recordingType ?? ''} · {formatBytes(r.size)} · stored {formatInstant(r.storedTime)}
                    {r.daysLeft !== undefined ? ` · ${r.daysLeft} days left` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3>Every field of the export</h3>
          <dl className="kv kv-wide kv-fields">
            {Object.entries(d.fields).map(([k, v]) => (
              <Row key={k} k={k} v={v} mono />
            ))}
          </dl>
        </>
      )}
    </DetailsShell>
  );
}

function Row({ k, v, mono }: { k: string; v?: string; mono?: boolean }) {
  return (
    <div>
      <dt>{k}</dt>
      <dd className={mono ? 'mono' : undefined}>{v || '—'}</dd>
    </div>
  );
}
