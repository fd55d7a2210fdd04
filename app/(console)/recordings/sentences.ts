// What the Recordings page says about a page and a selection, as pure functions (tested without a browser).
import { formatBytes } from '@/lib/format';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 folders and 50 blobs on this page": folders count too, so a page of folders never reads "0 blobs". */
export function pageSummary(folders: number, blobs: number): string {
  if (folders === 0 && blobs === 0) return 'nothing on this page';
  const parts = [folders > 0 ? count(folders, 'folder', 'folders') : '', blobs > 0 || folders === 0 ? count(blobs, 'blob', 'blobs') : ''];
  return `${parts.filter(Boolean).join(' and ')} on this page`;
}

export function selectionSummary(selected: number, bytes: number): string {
  return selected === 0
    ? 'Select rows on any page to download several at once.'
    : `${selected} selected across pages (${formatBytes(bytes)}).`;
}

export function zipSelectedLabel(selected: number, bytes: number): string {
  return `Download ${selected} selected (${formatBytes(bytes)}) as zip`;
}

/** The tag columns a page of blobs has values for: the recordings' tags, not the GIM export's files. */
export const TAG_COLUMNS = ['RecordingType', 'StoredTime'] as const;

export function tagColumns(blobs: { tags?: Record<string, string> }[]): (typeof TAG_COLUMNS)[number][] {
  return TAG_COLUMNS.filter((key) => blobs.some((b) => b.tags?.[key] !== undefined));
}
