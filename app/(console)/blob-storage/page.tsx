import type { Metadata } from 'next';
import { Suspense } from 'react';
import { env } from '@/lib/env';
import { TokenForm } from './token-form';
import { TokenStatus } from './token-status';

export const metadata: Metadata = { title: 'Blob Storage' };
export const dynamic = 'force-dynamic';

export default function BlobStoragePage() {
  const { sasMaxDays, retentionDays, containers } = env();
  return (
    <>
      <div className="breadcrumb">Contact Center Settings / Blob Storage</div>
      <div className="page-title">
        <h1>Blob Storage</h1>
      </div>
      <p className="lead">
        Shared Access Signature (SAS) tokens give access to this tenant&apos;s containers ({containers.join(', ')}).
        Files are deleted {retentionDays} days after they are stored.
      </p>
      <TokenForm maxDays={sasMaxDays} />
      <Suspense fallback={<section className="panel" aria-busy="true"><h2>Active tokens</h2><p className="hint">Reading the containers&apos; stored access policies…</p></section>}>
        <TokenStatus canRevoke />
      </Suspense>
    </>
  );
}
