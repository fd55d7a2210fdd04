'use client';

import { useQuery } from '@tanstack/react-query';
import type { CsvTable } from '@/lib/blob-types';
import { fetchPreview } from './api';

/** What a blob holds, decided from its bytes: audio plays, CSV and zip contents show as tables, text as text. */
export function BlobPreview({ container, name }: { container: string; name: string }) {
  const preview = useQuery({
    queryKey: ['preview', container, name],
    queryFn: ({ signal }) => fetchPreview(container, name, signal),
    staleTime: 5 * 60_000,
  });
  if (preview.isPending) return <p className="hint">Reading the first bytes…</p>;
  if (preview.isError)
    return (
      <p className="alert alert-error" role="alert">
        {preview.error.message}
      </p>
    );
  const p = preview.data;
  switch (p.kind) {
    case 'audio':
      return (
        <div className="preview-audio">
          <p className="hint">{p.label}</p>
          {/* A call recording has no transcript to offer as a captions track. */}
          {/* eslint-disable-next-line jsx-a11y/media-has-caption */}
          <audio controls preload="metadata" src={p.url} aria-label={`Play ${name}`}>
            Your browser cannot play {p.mime}.
          </audio>
        </div>
      );
    case 'csv':
      return <CsvPreview table={p} />;
    case 'zip':
      return (
        <div className="preview-zip table-scroll" role="region" aria-label="Zip entries" tabIndex={0}>
          <table className="data">
            <caption>Zip entries{p.truncated ? ' (first entries only)' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Entry</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Modified</th>
              </tr>
            </thead>
            <tbody>
              {p.entries.map((e) => (
                <tr key={e.name}>
                  <td className="mono">{e.name}</td>
                  <td className="num">{e.size.toLocaleString('en-US')}</td>
                  <td className="nowrap">{e.modified.slice(0, 16).replace('T', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.csvs.map((t) => (
            <CsvPreview key={t.name} table={t} />
          ))}
        </div>
      );
    case 'text':
    case 'json':
      return (
        <div>
          <pre className="preview-text">{p.text}</pre>
          {p.truncated && <p className="hint">Only the beginning is shown.</p>}
        </div>
      );
    case 'none':
      return <p className="hint">No preview: {p.reason}.</p>;
  }
}

function CsvPreview({ table }: { table: CsvTable }) {
  return (
    // Wide CSVs scroll sideways: the region takes focus so the keyboard can scroll it too.
    <div className="table-scroll preview-csv" role="region" aria-label={`Preview of ${table.name ?? 'the CSV'}`} tabIndex={0}>
      <table className="data">
        <caption>
          {table.name ? `${table.name}: ` : ''}first {table.rows.length} rows{table.truncated ? ' (more follow)' : ''}
        </caption>
        <thead>
          <tr>
            {table.header.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
