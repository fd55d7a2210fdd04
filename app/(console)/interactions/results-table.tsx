'use client';

import { formatBytes } from '@/lib/format';
import { formatInZone } from '@/lib/time/zones';
import { agentText, durationText, type Interaction, type Recording } from './api';

type Props = {
  items: Interaction[];
  zone: string;
  recordings?: Record<string, Recording[]>;
  recordingsError?: string;
  selected: ReadonlySet<string>;
  onToggle: (guid: string, on: boolean) => void;
  onOpen: (guid: string) => void;
};

function RecordingsCell({ list, error }: { list?: Recording[]; error?: string }) {
  if (error) return <span className="error">unknown</span>;
  if (!list) return <span className="hint">…</span>;
  if (list.length === 0) return <span className="hint">no recording</span>;
  const days = Math.min(...list.map((r) => r.daysLeft ?? Infinity));
  return (
    <span>
      {list.length} ({list.map((r) => formatBytes(r.size)).join(', ')})
      {Number.isFinite(days) && <span className={days < 3 ? ' retention-soon' : ' hint'}> · {days} days left</span>}
    </span>
  );
}

/** One page of interactions, newest first. */
export function ResultsTable({ items, zone, recordings, recordingsError, selected, onToggle, onOpen }: Props) {
  return (
    <div className="table-scroll">
      <table className="data blob-table interactions-table">
        <caption className="visually-hidden">Interactions found, newest first</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Select</span>
            </th>
            <th scope="col">Start ({zone})</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col">Direction</th>
            <th scope="col" className="col-optional">
              Media
            </th>
            <th scope="col">Customer</th>
            <th scope="col">Agent</th>
            <th scope="col">Recordings</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.guid}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select interaction ${i.guid}`}
                  checked={selected.has(i.guid)}
                  onChange={(e) => onToggle(i.guid, e.target.checked)}
                />
              </td>
              <td className="nowrap" data-label="Start">
                <button
                  type="button"
                  className="btn-link"
                  onClick={() => onOpen(i.guid)}
                  aria-label={`${formatInZone(new Date(i.startSec * 1000), zone)}: details of interaction ${i.guid}`}
                >
                  {formatInZone(new Date(i.startSec * 1000), zone)}
                </button>
              </td>
              <td className="num" data-label="Duration">
                {durationText(i)}
              </td>
              <td data-label="Direction">{i.directionName || '—'}</td>
              <td className="col-optional" data-label="Media">
                {i.mediaName || '—'}
              </td>
              <td className="mono" data-label="Customer">
                {i.customer || '—'}
              </td>
              <td data-label="Agent">{agentText(i.agents)}</td>
              <td data-label="Recordings">
                <RecordingsCell list={recordings?.[i.guid]} error={recordingsError} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
