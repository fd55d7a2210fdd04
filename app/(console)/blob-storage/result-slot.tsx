'use client';

import type { TokenResult } from './token-result';

// The result view (URLs, notes, curl commands) is code nobody needs before a generation: it is
// loaded when the form is first touched, and a generation waits for it before it starts.
let view: Promise<typeof TokenResult> | undefined;
export function loadTokenResult(): Promise<typeof TokenResult> {
  return (view ??= import('./token-result').then(
    (m) => m.TokenResult,
    (error: unknown) => ((view = undefined), Promise.reject(error)),
  ));
}

export function ResultHeading({ headingRef }: { headingRef?: React.Ref<HTMLHeadingElement> }) {
  return (
    <header>
      <h2 id="result-heading" ref={headingRef} tabIndex={-1}>
        Container URLs
      </h2>
    </header>
  );
}

/** What the result area says before anything was generated. */
export function NoTokensYet() {
  return (
    <section className="panel" aria-labelledby="result-heading">
      <ResultHeading />
      <p className="empty">No tokens generated yet</p>
    </section>
  );
}
