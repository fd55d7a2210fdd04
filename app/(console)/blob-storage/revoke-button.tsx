'use client';

import { useTransition } from 'react';
import { Spinner } from '@/components/ui/spinner';
import { revokeTokensAction } from './actions';
import { useRevokeFeedback } from './revoke-feedback';
import { loadStatusView, useTakeTokenStatus } from './token-status-context';

/** Revokes one stored access policy (in every container) or all of them, after a confirmation. */
export function RevokeButton({ policyId, label, small }: { policyId?: string; label: string; small?: boolean }) {
  const [pending, startTransition] = useTransition();
  const report = useRevokeFeedback();
  const takeStatus = useTakeTokenStatus();

  function revoke() {
    // Loaded while the question is read, so the panel can show the answer at once.
    loadStatusView().catch(() => undefined);
    const question = policyId
      ? `Revoke token ${policyId}? Every container URL issued with it stops working (HTTP 403).`
      : 'Revoke every container token? Every RECORDINGS and GIM-EXPORT URL issued so far stops working (HTTP 403). ACCOUNT CONTAINER URLs cannot be revoked and keep working until they expire.';
    if (!window.confirm(question)) return;
    startTransition(async () => {
      try {
        const result = await revokeTokensAction(policyId ? { policyId } : {});
        report({ tone: result.status === 'done' && result.failed.length === 0 ? 'ok' : 'error', message: result.message });
        if (result.status !== 'invalid') takeStatus(result.tokenStatus);
      } catch {
        report({
          tone: 'error',
          message: 'The console could not be reached (or your session ended); nothing is known to be revoked. Reload and try again.',
        });
      }
    });
  }

  return (
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
  );
}
