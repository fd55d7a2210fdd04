import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueryProvider } from '@/components/query-provider';
import { requirePageUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { accountBaseUrl } from '@/lib/storage/sas';
import { RecordingsBrowser } from './recordings-browser';

export const metadata: Metadata = { title: 'Recordings' };
export const dynamic = 'force-dynamic';

export default async function RecordingsPage() {
  await requirePageUser('viewer', '/recordings');
  const { containers, retentionDays, storage } = env();
  return (
    <>
      <div className="breadcrumb">Contact Center Settings / Recordings</div>
      <div className="page-title">
        <h1>Recordings</h1>
      </div>
      <p className="lead">
        Browse, find and download call recordings and their GIM-export metadata. Files are deleted {retentionDays} days after they are
        stored: the Deleted on column says when, and marks those with less than 3 days left.
      </p>
      <QueryProvider>
        <Suspense fallback={<p className="hint">Loading…</p>}>
          <RecordingsBrowser containers={containers} retentionDays={retentionDays} accountBase={accountBaseUrl(storage.blobEndpoint)} />
        </Suspense>
      </QueryProvider>
    </>
  );
}
