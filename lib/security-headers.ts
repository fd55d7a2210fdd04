// The headers every answer carries, set in one place for the proxy (pages, actions, the routes it
// passes on) and for the API's direct lane (lib/api/direct.ts): nothing is cached, no Referer leaves
// for another origin, no sniffing, no framing, and HTTPS only once it has been used.
export function setSecurityHeaders(headers: Headers, csp: string, https: boolean): void {
  headers.set('Content-Security-Policy', csp);
  headers.set('Cache-Control', 'no-store');
  // No Referer leaves for another origin (storage, the issuer). Same-origin requests keep theirs, and
  // their Origin: with 'no-referrer' a form posted before the page's script ran (a quick click) carried
  // Origin: null, and Next.js refused the server action as forged.
  headers.set('Referrer-Policy', 'same-origin');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('X-Frame-Options', 'DENY');
  if (https) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

/** A JSON answer loads nothing and is framed by nobody. */
export const JSON_CSP = "default-src 'none'; frame-ancestors 'none'";

export const isHttps = (url: URL | string, forwardedProto: string | null | undefined): boolean =>
  new URL(url).protocol === 'https:' || forwardedProto === 'https';
