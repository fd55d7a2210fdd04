'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { DetailsShell } from '@/components/details-shell';
import { formatBytes, formatInstant } from '@/lib/format';
import { retention } from '@/lib/retention';
import { downloadHref, fetchDetails } from './api';
import { BlobPreview } from './blob-preview';

type Props = { container: string; name: string; retentionDays: number; onClose: () => void };

/** Everything about one blob: properties, metadata, tags, when it is deleted, and a preview. */
export function DetailsPanel({ container, name, retentionDays, onClose }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus comes back to whatever opened the panel (the row's name) when it closes.
  const opener = useRef<Element | null>(typeof document === 'undefined' ? null : document.activeElement);
  useEffect(() => {
    const back = opener.current;
    return () => (back instanceof HTMLElement ? back.focus() : undefined);
  }, []);
  const details = useQuery({ queryKey: ['details', container, name], queryFn: ({ signal }) => fetchDetails(container, name, signal) });
  useEffect(() => heading.current?.focus(), [name]);

  const d = details.data;
  const r = d ? retention({ storedTime: d.tags.StoredTime, lastModified: d.lastModified, retentionDays }) : undefined;
  return (
    <DetailsShell headingId="details-heading" title="Blob details" name={name} headingRef={heading} onClose={onClose}>
      {interactionOf(name) && (
        <p>
          <Link href={`/interactions?open=${encodeURIComponent(interactionOf(name)!)}`}>Interaction {interactionOf(name)}</Link>
        </p>
      )}
      {details.isPending && <p className="hint">Loading properties…</p>}
      {details.isError && (
        <p className="alert alert-error" role="alert">
          {details.error.message}
        </p>
      )}
      {d && (
        <>
          <div className="details-actions">
            <a className="btn btn-primary" href={downloadHref(container, name)}>
              Download
            </a>
          </div>
          <h3>Properties</h3>
          <dl className="kv kv-wide">
            <Row k="Container" v={d.container} />
            <Row k="Size" v={`${formatBytes(d.size)} (${d.size?.toLocaleString('en-US') ?? '—'} bytes)`} />
            <Row k="Content type" v={d.contentType} />
            <Row k="Content-MD5" v={d.contentMD5} mono />
            <Row k="Access tier" v={d.accessTier} />
            <Row k="Lease state" v={d.leaseState} />
            <Row k="Created" v={formatInstant(d.createdOn)} />
            <Row k="Last modified" v={formatInstant(d.lastModified)} />
            <Row k="ETag" v={d.etag} mono />
            <Row
              k="Deleted on"
              v={r ? `${formatInstant(r.deletesOn)} (${r.daysLeft} days left, ${retentionDays} days after it was stored)` : 'unknown'}
              warn={r?.soon}
            />
          </dl>
          <h3>Tags</h3>
          {Object.keys(d.tags).length ? (
            <dl className="kv kv-wide">
              {Object.entries(d.tags).map(([k, v]) => (
                <Row key={k} k={k} v={v} mono />
              ))}
            </dl>
          ) : (
            <p className="hint">No tags.</p>
          )}
          <h3>Metadata</h3>
          {Object.keys(d.metadata).length ? (
            <dl className="kv kv-wide">
              {Object.entries(d.metadata).map(([k, v]) => (
                <Row key={k} k={k} v={v} mono />
              ))}
            </dl>
          ) : (
            <p className="hint">No metadata.</p>
          )}
          <h3>Preview</h3>
          <BlobPreview container={container} name={name} />
        </>
      )}
    </DetailsShell>
  );
}

// Genesys names recordings `<tenant>/<interaction id>_<YYYY-MM-DD>_<HH-MM-SS>-…`: the id links to its interaction.
const RECORDING_NAME = /(?:^|\/)([0-9A-Za-z]{8,64})_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-/;

function interactionOf(name: string): string | undefined {
  return RECORDING_NAME.exec(name)?.[1];
}

function Row({ k, v, mono, warn }: { k: string; v?: string; mono?: boolean; warn?: boolean }) {
  return (
    <div>
      <dt>{k}</dt>
      <dd className={`${mono ? 'mono' : ''}${warn ? ' retention-soon' : ''}`}>{v ?? '—'}</dd>
    </div>
  );
}
