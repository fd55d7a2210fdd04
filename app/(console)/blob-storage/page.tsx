import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { tokenStatus } from '@/lib/storage/tokens';
import { TokenForm } from './token-form';
import { TokenStatus } from './token-status';

export const metadata: Metadata = { title: 'Blob Storage' };
export const dynamic = 'force-dynamic';

export default async function BlobStoragePage() {
  const user = await requirePageUser('viewer', '/blob-storage');
  const canManage = user.role === 'admin';
  const { sasMaxDays, accountSasMaxDays, retentionDays, containers } = env();
  const status = await tokenStatus();
  // The result view marks URLs whose policy is gone (revoked) by comparing with the live list.
  const livePolicyIds = [...new Set(status.flatMap((s) => (s.ok ? s.policies.map((p) => p.id) : [])))];
  const statusKnown = status.every((s) => s.ok);
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
        <TokenForm maxDays={sasMaxDays} accountMaxDays={accountSasMaxDays} livePolicyIds={statusKnown ? livePolicyIds : undefined} />
      ) : (
        <p className="alert alert-info">Only administrators can generate or revoke tokens. You can see which tokens are active.</p>
      )}
      <TokenStatus status={status} canRevoke={canManage} />
    </>
  );
}
