// Shapes the blob routes answer with, shared by the server modules and the browser (types only).
export type BlobRow = { name: string; size?: number; lastModified?: string; contentType?: string; tags?: Record<string, string> };
export type ListPage = { folders: string[]; blobs: BlobRow[]; nextMarker?: string };

export type BlobDetails = {
  name: string;
  container: string;
  size?: number;
  contentType?: string;
  contentMD5?: string;
  accessTier?: string;
  leaseState?: string;
  createdOn?: string;
  lastModified?: string;
  etag?: string;
  metadata: Record<string, string>;
  tags: Record<string, string>;
};

export type CsvTable = { name?: string; header: string[]; rows: string[][]; truncated: boolean };

export type Preview =
  | { kind: 'audio'; mime: string; label: string; url: string }
  | ({ kind: 'csv' } & CsvTable)
  | {
      kind: 'zip';
      entries: { name: string; size: number; compressedSize: number; modified: string }[];
      truncated: boolean;
      csvs: CsvTable[];
    }
  | { kind: 'text' | 'json'; text: string; truncated: boolean }
  | { kind: 'none'; reason: string };
