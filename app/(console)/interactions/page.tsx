import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueryProvider } from '@/components/query-provider';
import { requirePageUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { InteractionsBrowser } from './interactions-browser';

export const metadata: Metadata = { title: 'Interactions' };
export const dynamic = 'force-dynamic';

export default async function InteractionsPage() {
  const user = await requirePageUser('viewer', '/interactions');
  const { retentionDays, gim } = env();
  return (
    <>
      <div className="breadcrumb">Contact Center Settings / Interactions</div>
      <div className="page-title">
        <h1>Interactions</h1>
      </div>
      <p className="lead">
        Find recordings by who, when and which customer, from the GIM export: the console indexes each export chunk as it arrives.
        Recordings are deleted {retentionDays} days after they are stored, and their interactions leave the index then too. Every search and
        export is recorded in the audit trail.
      </p>
      <QueryProvider>
        <Suspense fallback={<p className="hint">Loading…</p>}>
          <InteractionsBrowser
            isAdmin={user.role === 'admin'}
            recordingsContainer={gim.mapping.recordingsContainer}
            retentionDays={retentionDays}
          />
        </Suspense>
      </QueryProvider>
    </>
  );
}
