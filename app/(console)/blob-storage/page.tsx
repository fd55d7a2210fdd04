import type { Metadata } from 'next';
import { Suspense } from 'react';
import { requirePageUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { tokenStatus } from '@/lib/storage/tokens';
import { TokenForm } from './token-form';
import { TokenStatus, TokenStatusLoading } from './token-status';
import { TokenStatusProvider } from './token-status-context';

export const metadata: Metadata = { title: 'Blob Storage' };
export const dynamic = 'force-dynamic';

export default async function BlobStoragePage() {
  const user = await requirePageUser('viewer', '/blob-storage');
  const canManage = user.role === 'admin';
  const { sasMaxDays, accountSasMaxDays, retentionDays, containers } = env();
  // Read while the form is sent, not before it: the form needs none of it to be used, and the
  // status panel streams in behind its own Suspense boundary when storage answers. After that, each
  // generate or revoke answers with the new state, and the browser shows it (no page render).
  const status = tokenStatus();
  return (
    <TokenStatusProvider initial={status}>
      <div className="breadcrumb">Contact Center Settings / Blob Storage</div>
      <div className="page-title">
        <h1>Blob Storage</h1>
      </div>
      <p className="lead">
        Shared Access Signature (SAS) tokens give access to this tenant&apos;s containers ({containers.join(', ')}). Files are deleted{' '}
        {retentionDays} days after they are stored.
      </p>
      {canManage ? (
        <TokenForm maxDays={sasMaxDays} accountMaxDays={accountSasMaxDays} />
      ) : (
        <p className="alert alert-info">Only administrators can generate or revoke tokens. You can see which tokens are active.</p>
      )}
      <Suspense fallback={<TokenStatusLoading />}>
        <TokenStatus status={status} canRevoke={canManage} />
      </Suspense>
    </TokenStatusProvider>
  );
}
