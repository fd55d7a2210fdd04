// Which requests come from the console's own pages, pure. A browser tells where a request comes
// from (Sec-Fetch-Site, and Origin on every POST); another site, another port or another subdomain
// of the same host is refused, so a page elsewhere cannot act with the user's cookies. A client that
// is not a browser sends neither header and has no cookies of the user's to ride on: it is let through.

export type CrossSiteVerdict = { ok: true } | { ok: false; reason: string };

/**
 * @param headers the request's headers
 * @param ownHost the host (and port) the console is reached at: X-Forwarded-Host from a trusted
 *   proxy, else Host
 */
export function crossSiteVerdict(headers: Headers, ownHost: string | null): CrossSiteVerdict {
  const site = headers.get('sec-fetch-site');
  // 'none': the user opened the address themselves (typed, bookmarked); 'same-site' is another
  // port or subdomain, which is not this console.
  if (site && site !== 'same-origin' && site !== 'none') return { ok: false, reason: `a ${site} request` };
  const origin = headers.get('origin');
  if (origin === null) return { ok: true };
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return { ok: false, reason: 'an opaque origin' };
  }
  if (!ownHost || host.toLowerCase() !== hostOf(ownHost)) return { ok: false, reason: 'another origin' };
  return { ok: true };
}

/** The first host named (proxies may append more), without a default port, as URL.host writes it. */
function hostOf(value: string): string {
  return value
    .split(',')[0]!
    .trim()
    .toLowerCase()
    .replace(/:(80|443)$/, '');
}

/** A JSON body only with `Content-Type: application/json`: a form or text/plain post is a cross-site trick. */
export function isJsonContentType(value: string | null): boolean {
  return /^application\/json\s*(;|$)/i.test(value?.trim() ?? '');
}
