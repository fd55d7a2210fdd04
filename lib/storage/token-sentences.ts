// What generating and revoking tokens say to the administrator, pure (tested in token-sentences.test.ts).
import type { RevokeOutcome } from './tokens';

export function nothingGenerated(reason: string, auditFailed: boolean): string {
  return auditFailed ? `No tokens were generated: ${reason} Try again shortly.` : `No tokens were generated. ${reason}`;
}

export function nothingGeneratedAnywhere(failures: { container: string; message: string }[]): string {
  return `No tokens were generated and nothing was changed. ${failures.map((f) => `${f.container}: ${f.message}`).join(' ')}`;
}

export function nothingRevoked(reason: string, auditFailed: boolean): string {
  return auditFailed ? `Nothing was revoked: ${reason} Try again shortly.` : `Nothing was revoked. ${reason}`;
}

export function revokeMessage(outcome: RevokeOutcome[]): string {
  const failed = outcome.filter((o) => o.status === 'failed');
  const removed = outcome.reduce((n, o) => n + (o.status === 'revoked' ? o.removed : 0), 0);
  const parts = outcome.map((o) =>
    o.status === 'revoked' ? `${o.container}: ${o.removed} revoked` : `${o.container}: NOT revoked (${o.message})`,
  );
  if (failed.length) return `Revocation incomplete: ${parts.join('; ')}. Tokens in the containers not revoked still work; run it again.`;
  if (removed === 0) return 'There were no container tokens to revoke.';
  return `Revoked. ${parts.join('; ')}. URLs that named these policies get 403 (on Azure within 30 seconds).`;
}
