'use client';

import type { SchemaForm } from '@/components/use-schema-form';
import type { TokenFormInput } from '@/lib/validations/token';

/** The less common choices: find by tags with the container URLs (on by default), and an IP range, folded away. */
export function TokenOptions({ form, accountMaxDays }: { form: SchemaForm<Required<TokenFormInput>>; accountMaxDays: number }) {
  const { errors, text, checkbox } = form;
  return (
    <>
      <div className="checkbox">
        <input id="findByTags" type="checkbox" {...checkbox('findByTags')} aria-describedby="findByTags-help" />
        <div>
          <label htmlFor="findByTags">Container URLs can also find by tags</label>
          <p id="findByTags-help" className="hint">
            Lets the RECORDINGS and GIM-EXPORT URLs run Find Blobs by Tags in their own container (sp=rlf), a search that stops working when
            they are revoked. The ACCOUNT CONTAINER URL cannot be revoked, so it is valid for at most {accountMaxDays} day
            {accountMaxDays === 1 ? '' : 's'}.
          </p>
        </div>
      </div>
      <details className="advanced" open={Boolean(errors.allowedIp)}>
        <summary>Advanced: allowed IP range</summary>
        <div className="field">
          <label htmlFor="allowedIp">Allowed IP address or range</label>
          <input
            id="allowedIp"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            placeholder="203.0.113.0-203.0.113.255"
            {...text('allowedIp')}
            aria-invalid={errors.allowedIp ? true : undefined}
            aria-describedby={errors.allowedIp ? 'allowedIp-error' : 'allowedIp-help'}
          />
          {errors.allowedIp ? (
            <span id="allowedIp-error" className="error">
              {errors.allowedIp}
            </span>
          ) : (
            <span id="allowedIp-help" className="help">
              Optional. Every URL then works only from these IPv4 addresses (sip); leave empty for any address.
            </span>
          )}
        </div>
      </details>
    </>
  );
}
