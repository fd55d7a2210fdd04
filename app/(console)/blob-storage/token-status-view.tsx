import { MAX_POLICIES } from '@/lib/storage/policy-plan';
import { formatUtc } from '@/lib/time/zones';
import type { ContainerStatus, PolicyStatus } from '@/lib/validations/token';
import { RevokeButton } from './revoke-button';
import { RevokeFeedbackRegion } from './revoke-feedback';

type TokenRow = PolicyStatus & { containers: string[] };

// No directive: rendered on the server for the page's first read (no hydration cost, no script), and
// in the browser, loaded on demand, for the state a generate or revoke answered with.

/**
 * Active tokens: the containers' stored access policies (the console stores none).
 * One generation puts the same policy id on every container, so rows are grouped by policy id.
 */
export function TokenStatusView({ status, canRevoke }: { status: ContainerStatus[]; canRevoke: boolean }) {
  const rows = new Map<string, TokenRow>();
  for (const s of status) {
    if (!s.ok) continue;
    for (const p of s.policies) {
      const row = rows.get(p.id) ?? { ...p, containers: [] };
      row.containers.push(s.container);
      rows.set(p.id, row);
    }
  }
  const tokens = [...rows.values()].sort((a, b) => (b.startsOn ?? '').localeCompare(a.startsOn ?? '') || b.id.localeCompare(a.id));
  return (
    <section className="panel" aria-labelledby="status-heading">
      <header>
        <StatusHeading />
        {canRevoke && tokens.length > 0 && <RevokeButton label="Revoke all container tokens" />}
      </header>
      <RevokeFeedbackRegion />
      <ul className="status-summary" aria-label="Policies per container">
        {status.map((s) => (
          <li
            key={s.container}
            className={`badge${s.ok && s.policies.filter((p) => !p.expired).length >= MAX_POLICIES ? ' badge-warn' : ''}`}
          >
            {s.container}: {s.ok ? `${s.policies.filter((p) => !p.expired).length} of ${MAX_POLICIES} active` : 'unreadable'}
          </li>
        ))}
      </ul>
      {status.map((s) =>
        s.ok ? null : (
          <p key={s.container} className="alert alert-error" role="alert">
            Could not read the {s.container} container&apos;s tokens: {s.message}
          </p>
        ),
      )}
      {tokens.length === 0 ? (
        status.some((s) => s.ok) && (
          <p className="empty">
            No tokens generated yet
            <span className="empty-note">ACCOUNT CONTAINER URLs issued earlier, if any, work until they expire.</span>
          </p>
        )
      ) : (
        <table className="data">
          <caption className="visually-hidden">Stored access policies</caption>
          <thead>
            <tr>
              <th scope="col">Policy id (si)</th>
              <th scope="col">Starts</th>
              <th scope="col">Expires</th>
              <th scope="col">Containers</th>
              <th scope="col">Permissions</th>
              <th scope="col">State</th>
              {canRevoke && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td className="mono nowrap">{t.id}</td>
                <td className="nowrap">{t.startsOn ? formatUtc(new Date(t.startsOn)) : '—'}</td>
                <td className="nowrap">{t.expiresOn ? formatUtc(new Date(t.expiresOn)) : '—'}</td>
                <td>{t.containers.join(', ')}</td>
                <td className="mono">{t.permissions ?? '—'}</td>
                <td>{t.expired ? <span className="badge badge-muted">Expired</span> : <span className="badge badge-ok">Active</span>}</td>
                {canRevoke && (
                  <td>
                    <RevokeButton policyId={t.id} label="Revoke" small />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function StatusHeading() {
  return (
    <div>
      <h2 id="status-heading">Active tokens</h2>
      <p className="hint">
        The containers&apos; stored access policies, read live from storage. Azure allows at most {MAX_POLICIES} per container; expired ones
        are removed the next time tokens are generated.
      </p>
    </div>
  );
}

/** Shown while the policies are read: the form above is usable meanwhile. */
export function TokenStatusLoading() {
  return (
    <section className="panel" aria-labelledby="status-heading" aria-busy="true">
      <header>
        <StatusHeading />
      </header>
      <p className="hint loading-row" role="status">
        Reading the containers&apos; stored access policies…
      </p>
    </section>
  );
}
