import { describe, expect, it } from 'vitest';
import { pageSummary, selectionSummary, tagColumns, zipSelectedLabel } from './sentences';

describe('pageSummary', () => {
  it('counts folders and blobs, in the singular where there is one', () => {
    expect(pageSummary(1, 0)).toBe('1 folder on this page');
    expect(pageSummary(3, 0)).toBe('3 folders on this page');
    expect(pageSummary(0, 50)).toBe('50 blobs on this page');
    expect(pageSummary(0, 1)).toBe('1 blob on this page');
    expect(pageSummary(2, 1)).toBe('2 folders and 1 blob on this page');
    expect(pageSummary(0, 0)).toBe('nothing on this page');
  });
});

describe('selection sentences', () => {
  it('invite a selection, then say how much is selected', () => {
    expect(selectionSummary(0, 0)).toBe('Select rows on any page to download several at once.');
    expect(selectionSummary(2, 3 * 1024 * 1024)).toBe('2 selected across pages (3.0 MB).');
    expect(zipSelectedLabel(3, 1536)).toBe('Download 3 selected (1.5 KB) as zip');
  });
});

describe('tagColumns', () => {
  it('shows the tag columns only where the page has such tags', () => {
    expect(tagColumns([{ tags: { RecordingType: 'CALL', StoredTime: '2026-01-01T00:00:00Z' } }, {}])).toEqual([
      'RecordingType',
      'StoredTime',
    ]);
    expect(tagColumns([{ tags: { StoredTime: '2026-01-01T00:00:00Z' } }])).toEqual(['StoredTime']);
    expect(tagColumns([{}, { tags: {} }])).toEqual([]);
    expect(tagColumns([])).toEqual([]);
  });
});
