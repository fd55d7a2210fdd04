import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { AUDIT_ACTIONS, auditFilterSchema, type AuditFilter } from '@/lib/audit/records';
import { queryAudit } from '@/lib/audit/store';
import { requirePageUser } from '@/lib/auth/guard';
import { describeStorageError } from '@/lib/storage/errors';
import { AuditDetails } from './audit-details';

export const metadata: Metadata = { title: 'Audit' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function query(filter: AuditFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, ...extra })) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export default async function AuditPage({ searchParams }: Props) {
  await requirePageUser('admin', '/audit');
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const parsed = auditFilterSchema.safeParse({
    user: first(raw.user),
    action: first(raw.action),
    from: first(raw.from),
    to: first(raw.to),
  });
  const cursor = first(raw.cursor)?.slice(0, 2048);
  const filter: AuditFilter = parsed.success ? parsed.data : { user: '', action: '', from: '', to: '' };
  const fieldErrors = parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;

  let page: Awaited<ReturnType<typeof queryAudit>> | undefined;
  let loadError: string | undefined;
  if (parsed.success) {
    try {
      page = await queryAudit(filter, { pageSize: PAGE_SIZE, continuationToken: cursor });
    } catch (error) {
      loadError = describeStorageError(error);
    }
  }

  return (
    <>
      <div className="breadcrumb">Audit</div>
      <div className="page-title">
        <h1>Audit trail</h1>
      </div>
      <p className="lead">
        Every sign-in, token generation and revocation, download and search, newest first. Kept in the storage account&apos;s consoleaudit
        table.
      </p>
      <section className="panel" aria-labelledby="filter-heading">
        <h2 id="filter-heading" className="visually-hidden">
          Filter
        </h2>
        <form method="get" className="filter-bar">
          <div className="field">
            <label htmlFor="user">User</label>
            <input
              id="user"
              name="user"
              type="text"
              defaultValue={filter.user || first(raw.user) || ''}
              aria-invalid={fieldErrors.user ? true : undefined}
            />
            {fieldErrors.user && <span className="error">{fieldErrors.user[0]}</span>}
          </div>
          <div className="field">
            <label htmlFor="action">Action</label>
            <select id="action" name="action" defaultValue={filter.action}>
              <option value="">Any action</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
            {fieldErrors.action && <span className="error">{fieldErrors.action[0]}</span>}
          </div>
          <div className="field">
            <label htmlFor="from">From (UTC)</label>
            <input id="from" name="from" type="date" defaultValue={filter.from} aria-invalid={fieldErrors.from ? true : undefined} />
            {fieldErrors.from && <span className="error">{fieldErrors.from[0]}</span>}
          </div>
          <div className="field">
            <label htmlFor="to">To (UTC)</label>
            <input id="to" name="to" type="date" defaultValue={filter.to} aria-invalid={fieldErrors.to ? true : undefined} />
            {fieldErrors.to && <span className="error">{fieldErrors.to[0]}</span>}
          </div>
          <div className="filter-actions">
            <button type="submit" className="btn btn-primary">
              Filter
            </button>
            <Link className="btn" href="/audit">
              Clear
            </Link>
            {parsed.success && (
              <a className="btn" href={`/audit/export${query(filter)}`} download>
                Export CSV
              </a>
            )}
          </div>
        </form>
      </section>
      <section className="panel" aria-labelledby="records-heading" aria-live="polite">
        <header>
          <h2 id="records-heading">Records</h2>
          {cursor && (
            <Link href={`/audit${query(filter)}`} className="btn btn-small">
              Back to newest
            </Link>
          )}
        </header>
        {loadError && (
          <p className="alert alert-error" role="alert">
            Could not read the audit trail: {loadError}
          </p>
        )}
        {page && page.records.length === 0 && <p className="empty">No audit records match these filters.</p>}
        {page && page.records.length > 0 && (
          <div className="table-scroll" role="region" aria-label="Audit records" tabIndex={0}>
            <table className="data audit-table">
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">User</th>
                  <th scope="col">Action</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Address</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {page.records.map((r) => (
                  <tr key={r.id}>
                    <td className="nowrap">{r.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</td>
                    <td>
                      {r.user}
                      {r.role && <span className="badge badge-muted role-inline">{r.role}</span>}
                    </td>
                    <td className="mono nowrap">{r.action}</td>
                    <td>
                      <span className={`badge ${r.outcome === 'ok' ? 'badge-ok' : 'badge-warn'}`}>{r.outcome}</span>
                    </td>
                    <td className="mono">{r.ip ?? ''}</td>
                    <td>
                      <AuditDetails details={r.details} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page?.continuationToken && (
          <div className="pager">
            <Link className="btn" href={`/audit${query(filter, { cursor: page.continuationToken })}`}>
              Older records
            </Link>
          </div>
        )}
      </section>
    </>
  );
}
