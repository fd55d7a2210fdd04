'use client';

import { FolderIcon } from '@/components/ui/icons';
import { formatBytes, formatInstant } from '@/lib/format';
import { retention } from '@/lib/retention';
import { downloadHref, type BlobRow } from './api';
import { TAG_COLUMNS, tagColumns } from './sentences';
import type { Selection } from './use-selection';

type Props = {
  container: string;
  folders?: string[];
  blobs: BlobRow[];
  prefix?: string;
  retentionDays: number;
  selection: Selection;
  onOpenFolder?: (folder: string) => void;
  onDetails: (name: string) => void;
  caption: string;
  /** Find results arrive before their size and dates: say so instead of showing dashes. */
  loadingDetails?: boolean;
  detailsError?: string;
};

/** One page of blobs: name, size, dates, the tags the page has, and the deletion date, each row selectable. */
export function BlobTable({
  container,
  folders = [],
  blobs,
  prefix = '',
  retentionDays,
  selection,
  onOpenFolder,
  onDetails,
  caption,
  loadingDetails,
  detailsError,
}: Props) {
  const { items: selected, toggle: onToggle } = selection;
  // Found blobs carry only their matched tags until their properties arrive: keep the columns steady meanwhile.
  const tags = loadingDetails ? [...TAG_COLUMNS] : tagColumns(blobs);
  const allOnPage = blobs.length > 0 && blobs.every((b) => selected.has(b.name));
  // A placeholder as wide as what replaces it, so the columns hold still when the details arrive.
  const pending = (value: string | undefined, shown: string, width: string) =>
    value === undefined && loadingDetails ? <span className="cell-pending" style={{ width }} aria-hidden="true" /> : shown;
  return (
    <div className="table-scroll">
      {detailsError && (
        <p className="alert alert-error" role="alert">
          Sizes and dates could not be read: {detailsError}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {loadingDetails ? 'Reading the sizes and dates of these blobs…' : ''}
      </p>
      <table className="data blob-table" aria-busy={loadingDetails || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="select-col">
              <input
                type="checkbox"
                aria-label="Select every blob on this page"
                checked={allOnPage}
                disabled={blobs.length === 0}
                onChange={(e) => blobs.forEach((b) => onToggle(b, e.target.checked))}
              />
            </th>
            <th scope="col">Name</th>
            <th scope="col" className="num col-detail">
              Size
            </th>
            <th scope="col" className="col-wide">
              Last modified
            </th>
            <th scope="col" className="col-optional">
              Content type
            </th>
            {tags.map((key) => (
              <th scope="col" key={key}>
                {key}
              </th>
            ))}
            <th scope="col">Deleted on</th>
            <th scope="col" className="col-detail">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {folders.map((folder) => (
            <tr key={folder} className="folder-row">
              <td />
              <td colSpan={6 + tags.length}>
                <button type="button" className="btn-link folder-link" onClick={() => onOpenFolder?.(folder)}>
                  <FolderIcon />
                  {folder.slice(prefix.length)}
                </button>
              </td>
            </tr>
          ))}
          {blobs.map((b) => {
            const r = retention({ storedTime: b.tags?.StoredTime, lastModified: b.lastModified, retentionDays });
            const shortName = b.name.startsWith(prefix) ? b.name.slice(prefix.length) : b.name;
            return (
              <tr key={b.name} className={selected.has(b.name) ? 'row-selected' : undefined}>
                <td className="select-col">
                  <input
                    type="checkbox"
                    aria-label={`Select ${b.name}`}
                    checked={selected.has(b.name)}
                    onChange={(e) => onToggle(b, e.target.checked)}
                  />
                </td>
                <td className="name-cell">
                  <button type="button" className="btn-link blob-name" onClick={() => onDetails(b.name)} title={b.name}>
                    {shortName}
                  </button>
                </td>
                <td className="num nowrap col-detail">{pending(b.lastModified, formatBytes(b.size), '6.5ch')}</td>
                <td className="nowrap col-wide">{pending(b.lastModified, formatInstant(b.lastModified), '17ch')}</td>
                <td className="nowrap col-optional">{pending(b.lastModified, b.contentType ?? '—', '10ch')}</td>
                {tags.includes('RecordingType') && (
                  <td>{b.tags?.RecordingType ? <span className="badge">{b.tags.RecordingType}</span> : '—'}</td>
                )}
                {tags.includes('StoredTime') && (
                  <td className="nowrap mono">{pending(b.tags?.StoredTime, b.tags?.StoredTime ?? '—', '20ch')}</td>
                )}
                <td className="deleted-on">
                  {r ? (
                    <span className={r.soon ? 'retention-soon' : undefined} title={`Deleted ${retentionDays} days after it was stored`}>
                      {r.deletesOn.slice(0, 10)}{' '}
                      <span className="days-left">
                        ({r.daysLeft} {r.daysLeft === 1 ? 'day' : 'days'} left)
                      </span>
                      {r.soon && <span className="visually-hidden"> — deleted soon</span>}
                    </span>
                  ) : (
                    pending(undefined, '—', '21ch')
                  )}
                </td>
                <td className="nowrap col-detail">
                  <a className="btn btn-small" href={downloadHref(container, b.name)} aria-label={`Download ${b.name}`}>
                    Download
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
