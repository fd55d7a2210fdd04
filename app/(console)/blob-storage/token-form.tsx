'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { TimezoneSelect } from '@/components/timezone-select';
import { Spinner } from '@/components/ui/spinner';
import { lazyPart } from '@/components/lazy-part';
import { useSchemaForm, type Parse } from '@/components/use-schema-form';
import { addDaysLocal, localTimeZone, utcToLocalInput } from '@/lib/time/zones';
import type { GenerateResult, TokenFormInput } from '@/lib/validations/token';
import { generateTokensAction } from './actions';
import { FieldMessage, WindowPreview } from './token-form-parts';
import { TokenOptions } from './token-options';
import { loadTokenResult, NoTokensYet } from './result-slot';
import { loadStatusView, useTakeTokenStatus } from './token-status-context';
import type { TokenResult } from './token-result';

const DEFAULT_DAYS = 5;
const QUICK_PICKS = [1, 7, 30];
const FIELDS = ['initiation', 'expiration', 'timeZone', 'revoke', 'findByTags', 'allowedIp'] as const;

export function TokenForm({ maxDays, accountMaxDays }: { maxDays: number; accountMaxDays: number }) {
  const takeStatus = useTakeTokenStatus();
  // The same schema the server action checks with, loaded once the form is first touched.
  const parse = useMemo(
    () =>
      lazyPart(async (): Promise<Parse> => {
        const { tokenFormSchema } = await import('@/lib/validations/token');
        const schema = tokenFormSchema({ maxDays });
        return (values) => schema.safeParse(values);
      }),
    [maxDays],
  );
  const [result, setResult] = useState<GenerateResult | null>(null);
  const [issued, setIssued] = useState<{ result: Extract<GenerateResult, { status: 'issued' }>; View: typeof TokenResult } | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const form = useSchemaForm<Required<TokenFormInput>>({
    initial: { initiation: '', expiration: '', timeZone: 'UTC', revoke: false, findByTags: true, allowedIp: '' },
    fields: FIELDS,
    parse,
    loadFailed: 'The form could not load its checks. Check your connection and try again.',
  });
  const preload = () => {
    parse.load().catch(() => undefined);
    loadTokenResult().catch(() => undefined);
    loadStatusView().catch(() => undefined);
  };
  const { handleSubmit, setValue, setError, errors, isSubmitting, reset, text, checkbox } = form;

  // The browser's zone and clock are only known here; fill the defaults once mounted.
  useEffect(() => {
    const zone = localTimeZone();
    const start = utcToLocalInput(new Date(), zone);
    reset({
      initiation: start,
      expiration: addDaysLocal(start, DEFAULT_DAYS) ?? '',
      timeZone: zone,
      revoke: false,
      findByTags: true,
      allowedIp: '',
    });
  }, [reset]);

  const { initiation, expiration, timeZone } = form.values;

  const onSubmit = handleSubmit(async (values) => {
    setResult(null);
    let outcome: GenerateResult;
    let View: typeof TokenResult | undefined;
    try {
      // Nothing is generated unless its URLs can be shown: the view first, then the action.
      View = await loadTokenResult();
      outcome = await generateTokensAction(values);
    } catch {
      outcome = {
        status: 'refused',
        message: 'The console could not be reached. Check your connection and try again; no tokens were shown.',
      };
    }
    if (outcome.status === 'invalid') {
      // Each field at fault gets its message; the first of them the focus.
      const { fieldErrors } = outcome;
      const wrong = FIELDS.filter((field) => fieldErrors[field]?.[0]);
      for (const field of wrong) setError(field, fieldErrors[field]![0]!, { focus: field === wrong[0] });
    }
    if (outcome.status === 'issued' && View) setIssued({ result: outcome, View });
    setResult(outcome);
    if (outcome.status !== 'invalid') takeStatus(outcome.tokenStatus);
  });
  // Each new set of tokens takes the focus to its heading, once it is on the page.
  useEffect(() => {
    if (issued) resultHeading.current?.focus();
  }, [issued]);

  function pickDays(days: number) {
    const next = addDaysLocal(initiation, days);
    if (next) setValue('expiration', next, { check: true });
  }

  const fieldProps = (name: 'initiation' | 'expiration' | 'timeZone') => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${name}-error` : `${name}-help`,
  });

  return (
    <>
      <section className="panel" aria-labelledby="generate-heading">
        <header>
          <h2 id="generate-heading">Generate SAS Tokens</h2>
        </header>
        <form onSubmit={onSubmit} onFocus={preload} onPointerDown={preload} noValidate>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="initiation">Initiation Date</label>
              <input id="initiation" type="datetime-local" {...text('initiation')} {...fieldProps('initiation')} />
              <FieldMessage name="initiation" error={errors.initiation} help="When the tokens start to work." />
            </div>
            <div className="field">
              <label htmlFor="expiration">Expiration Date</label>
              <input id="expiration" type="datetime-local" {...text('expiration')} {...fieldProps('expiration')} />
              <div className="quick-picks" role="group" aria-label="Valid for">
                <span>Valid for</span>
                {QUICK_PICKS.map((d) => (
                  <button key={d} type="button" className="btn btn-small" onClick={() => pickDays(d)}>
                    {d === 1 ? '1 day' : `${d} days`}
                  </button>
                ))}
              </div>
              <FieldMessage name="expiration" error={errors.expiration} help={`At most ${maxDays} days after the start.`} />
            </div>
            <div className="field field-wide">
              <label htmlFor="timeZone">Timezone</label>
              <TimezoneSelect
                id="timeZone"
                value={timeZone}
                onChange={(zone) => setValue('timeZone', zone)}
                onBlur={() => form.blur('timeZone')}
                invalid={Boolean(errors.timeZone)}
                describedBy={errors.timeZone ? 'timeZone-error' : 'timeZone-help'}
              />
              <FieldMessage name="timeZone" error={errors.timeZone} help="The dates above are read in this zone." />
            </div>
          </div>

          <div className="checkbox">
            <input id="revoke" type="checkbox" {...checkbox('revoke')} aria-describedby="revoke-help" />
            <div>
              <label htmlFor="revoke">Revoke existing tokens</label>
              <p id="revoke-help" className="hint revoke-help">
                Removes every stored access policy on the containers, so every RECORDINGS and GIM-EXPORT URL issued before stops working
                (HTTP 403). Earlier ACCOUNT CONTAINER URLs cannot be revoked: Azure does not let account tokens use stored access policies,
                so they keep working until they expire.
              </p>
            </div>
          </div>

          <TokenOptions form={form} accountMaxDays={accountMaxDays} />

          <WindowPreview initiation={initiation} expiration={expiration} timeZone={timeZone} />

          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={isSubmitting} aria-disabled={isSubmitting}>
              {isSubmitting && <Spinner />}
              {isSubmitting ? 'Generating…' : 'Generate new tokens'}
            </button>
          </div>
          <div aria-live="polite" role="status" className="form-status">
            {errors.root && <p className="alert alert-error">{errors.root}</p>}
            {result?.status === 'invalid' && <p className="alert alert-error">{result.message}</p>}
            {result?.status === 'refused' && <p className="alert alert-error">{result.message}</p>}
            {result?.status === 'issued' && (
              <p className="visually-hidden">Tokens generated. Copy the URLs below; they are shown only once.</p>
            )}
          </div>
        </form>
      </section>
      {issued ? <issued.View result={issued.result} headingRef={resultHeading} accountMaxDays={accountMaxDays} /> : <NoTokensYet />}
    </>
  );
}
