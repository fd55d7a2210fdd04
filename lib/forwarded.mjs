// Who is on the other end of a request, in a form a client cannot forge. Plain JavaScript: the
// console's own HTTP server (scripts/serve.mjs) runs it before Next.js, without a TypeScript loader.

/**
 * The X-Forwarded-For chain the app sees: the entries the `trusted` proxies in front of the console
 * appended (the last `trusted` of what arrived; anything before them came from the client and is
 * dropped), then the address of the socket itself. Its first entry is the client's address.
 * @param {string | string[] | undefined} incoming the X-Forwarded-For header(s) as received
 * @param {string | undefined} peer the socket's remote address
 * @param {number} trusted how many reverse proxies stand in front of the console
 * @returns {string}
 */
export function forwardedChain(incoming, peer, trusted) {
  const hops = (Array.isArray(incoming) ? incoming.join(',') : (incoming ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const kept = trusted > 0 ? hops.slice(-trusted) : [];
  return [...kept, normalizePeer(peer)].join(', ');
}

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is written as `127.0.0.1`. */
function normalizePeer(peer) {
  if (!peer) return 'unknown';
  return peer.startsWith('::ffff:') && peer.includes('.') ? peer.slice('::ffff:'.length) : peer;
}
