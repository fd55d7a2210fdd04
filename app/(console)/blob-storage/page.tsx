import type { Metadata } from 'next';
import { Suspense } from 'react';
import { requirePageUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { tokenStatus } from '@/lib/storage/tokens';
import { TokenForm } from './token-form';
import { TokenStatus, TokenStatusLoading } from './token-status';

export const metadata: Metadata = { title: 'Blob Storage' };
export const dynamic = 'force-dynamic';

export default async function BlobStoragePage() {
  const user = await requirePageUser('viewer', '/blob-storage');
  const canManage = user.role === 'admin';
  const { sasMaxDays, accountSasMaxDays, retentionDays, containers } = env();
  // Read while the form is sent, not before it: the form needs none of it to be used, and the
  // status panel streams in behind its own Suspense boundary when storage answers.
  const status = tokenStatus();
  // The result view marks URLs whose policy is gone (revoked) by comparing with the live list.
  const livePolicyIds = status.then((all) =>
    all.every((s) => s.ok) ? [...new Set(all.flatMap((s) => (s.ok ? s.policies.map((p) => p.id) : [])))] : undefined,
  );
  return (
    <>
      <div className="breadcrumb">Contact Center Settings / Blob Storage</div>
      <div className="page-title">
        <h1>Blob Storage</h1>
      </div>
      <p className="lead">
        Shared Access Signature (SAS) tokens give access to this tenant&apos;s containers ({containers.join(', ')}). Files are deleted{' '}
        {retentionDays} days after they are stored.
      </p>
      {canManage ? (
        <TokenForm maxDays={sasMaxDays} accountMaxDays={accountSasMaxDays} livePolicyIds={livePolicyIds} />
      ) : (
        <p className="alert alert-info">Only administrators can generate or revoke tokens. You can see which tokens are active.</p>
      )}
      <Suspense fallback={<TokenStatusLoading />}>
        <TokenStatus status={status} canRevoke={canManage} />
      </Suspense>
    </>
  );
}
