// Next.js reports a loopback address (127.x.x.x, [::1]) as "localhost" in a route handler's request
// URL, while the browser, and Auth.js's sign-in action, keep the address that was used. Single
// sign-on needs one redirect URI on both legs (and the browser's cookies on the callback), so on
// this machine it runs at http://localhost:PORT (also the only http redirect URI Entra ID accepts).

const LOOPBACK_ADDRESS = /^(?:127(?:\.\d{1,3}){3}|\[::1\]|::1)$/;

/** A loopback IP address (not the name localhost), as a URL's hostname writes it. */
export function isLoopbackAddress(hostname: string): boolean {
  return LOOPBACK_ADDRESS.test(hostname);
}

/** The same URL at localhost when it names a loopback address; otherwise undefined. */
export function atLocalhost(url: URL): URL | undefined {
  if (!isLoopbackAddress(url.hostname)) return undefined;
  const moved = new URL(url);
  moved.hostname = 'localhost';
  return moved;
}
