'use client';

import { useState, useTransition } from 'react';
import { Spinner } from '@/components/ui/spinner';
import { revokeTokensAction, type RevokeResult } from './actions';

/** Revokes one stored access policy (in every container) or all of them, after a confirmation. */
export function RevokeButton({ policyId, label, small }: { policyId?: string; label: string; small?: boolean }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<RevokeResult | null>(null);

  function revoke() {
    const question = policyId
      ? `Revoke token ${policyId}? Every container URL issued with it stops working (HTTP 403).`
      : 'Revoke every container token? Every RECORDINGS and GIM-EXPORT URL issued so far stops working (HTTP 403). ACCOUNT CONTAINER URLs cannot be revoked and keep working until they expire.';
    if (!window.confirm(question)) return;
    startTransition(async () => {
      try {
        setResult(await revokeTokensAction(policyId ? { policyId } : {}));
      } catch {
        setResult({ status: 'refused', message: 'The console could not be reached; nothing is known to be revoked. Try again.' });
      }
    });
  }

  return (
    <span className="revoke">
      <button
        type="button"
        className={`btn btn-danger${small ? ' btn-small' : ''}`}
        onClick={revoke}
        disabled={pending}
        aria-label={policyId ? `Revoke ${policyId}` : undefined}
      >
        {pending && <Spinner />}
        {pending ? 'Revoking…' : label}
      </button>
      <span role="status" aria-live="polite" className={result && result.status !== 'done' ? 'error' : 'hint'}>
        {result?.message}
      </span>
    </span>
  );
}
