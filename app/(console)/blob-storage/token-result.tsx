'use client';

import { Suspense } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { formatInZone } from '@/lib/time/zones';
import type { GenerateResult } from '@/lib/validations/token';
import { curlCommands } from './curl';
import { livePolicyIdsOf } from './live-policies';
import { ResultHeading } from './result-slot';
import { accountExpiryNote, allowedIpNote, containerUrlHelp } from './sentences';
import { useLatestTokenStatus } from './token-status-context';

type Issued = Extract<GenerateResult, { status: 'issued' }>;

/** The generated URLs, shown once: they live only in this component's state, never in storage or the URL. */
export function TokenResult({
  result,
  headingRef,
  accountMaxDays,
}: {
  result: Issued;
  headingRef?: React.Ref<HTMLHeadingElement>;
  accountMaxDays: number;
}) {
  const heading = <ResultHeading headingRef={headingRef} />;
  const startsOn = new Date(result.startsOn);
  const expiresOn = new Date(result.expiresOn);
  const failed = result.containers.filter((c) => c.status === 'failed');
  const policyId = result.containers.find((c) => c.status === 'issued')?.policyId;
  return (
    <section className="panel" aria-labelledby="result-heading">
      {heading}
      {policyId && (
        <Suspense>
          <RevokedNotice policyId={policyId} />
        </Suspense>
      )}
      <div className="alert alert-warn" role="note">
        <p>
          <strong>Copy these URLs now and store them securely.</strong> They are shown only this once: reloading or leaving this page clears
          them, and the console cannot show them again.
        </p>
      </div>
      {failed.length > 0 && (
        <div className="alert alert-error" role="alert">
          <p>
            <strong>Not every container got a token.</strong>{' '}
            {failed.map((f) => (
              <span key={f.container}>
                {f.container.toUpperCase()}: {f.message}
                {f.status === 'failed' && f.revokeRequested ? ' Its earlier tokens were NOT revoked and still work.' : ''}{' '}
              </span>
            ))}
            Generate again to retry; the URLs below work (on Azure within 30 seconds).
          </p>
        </div>
      )}
      {result.revoked && failed.length === 0 && (
        <div className="alert alert-ok">
          <p>
            Every earlier container token was revoked (on Azure it takes effect within 30 seconds). Earlier ACCOUNT CONTAINER URLs still
            work until they expire.
          </p>
        </div>
      )}
      <dl className="validity">
        <dt>Valid from</dt>
        <dd>
          {formatInZone(startsOn, result.timeZone)} ({result.timeZone}) · {result.startsOn}
        </dd>
        <dt>Expires</dt>
        <dd>
          {formatInZone(expiresOn, result.timeZone)} ({result.timeZone}) · {result.expiresOn}
        </dd>
        {result.accountExpiresOn !== result.expiresOn && (
          <>
            <dt>ACCOUNT URL expires</dt>
            <dd>
              {formatInZone(new Date(result.accountExpiresOn), result.timeZone)} ({result.timeZone}) · {result.accountExpiresOn}
            </dd>
          </>
        )}
        {result.allowedIp && (
          <>
            <dt>Allowed addresses</dt>
            <dd>{result.allowedIp}</dd>
          </>
        )}
      </dl>
      {[accountExpiryNote(result, accountMaxDays), allowedIpNote(result.allowedIp)].filter(Boolean).map((note) => (
        <p key={note} className="alert alert-info">
          {note}
        </p>
      ))}
      <div className="url-list">
        <UrlField
          id="url-account"
          label="ACCOUNT CONTAINER URL"
          url={result.accountUrl}
          help="Find Blobs by Tags only (sp=f): it cannot read or list blobs, and cannot be revoked before it expires."
        />
        {result.containers.map((c) =>
          c.status === 'issued' ? (
            <UrlField
              key={c.container}
              id={`url-${c.container}`}
              label={`${c.container.toUpperCase()} CONTAINER URL`}
              url={c.url}
              help={containerUrlHelp(c.policyId, result.findByTags)}
            />
          ) : null,
        )}
      </div>
      <h3 className="curl-heading">Ready-to-run commands</h3>
      <div className="curl-list">
        {curlCommands(result).map((cmd) => (
          <div key={cmd.title}>
            <div className="label">{cmd.title}</div>
            <pre className="code-block">{cmd.command}</pre>
            <CopyButton text={cmd.command} label="Copy command" />
          </div>
        ))}
      </div>
    </section>
  );
}

/** Said when the page's token state (as a later revoke left it) no longer has this result's policy. */
function RevokedNotice({ policyId }: { policyId: string }) {
  const live = livePolicyIdsOf(useLatestTokenStatus());
  if (!live || live.includes(policyId)) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p>
        <strong>These container URLs have been revoked</strong> (their stored access policy {policyId} no longer exists): the RECORDINGS and
        GIM-EXPORT URLs below get 403. The ACCOUNT CONTAINER URL still works until it expires.
      </p>
    </div>
  );
}

function UrlField({ id, label, url, help }: { id: string; label: string; url: string; help: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="url-field">
        <input id={id} type="text" readOnly value={url} aria-describedby={`${id}-help`} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={url} />
      </div>
      <span id={`${id}-help`} className="help">
        {help}
      </span>
    </div>
  );
}
