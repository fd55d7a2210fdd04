import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { auth } from '@/lib/auth';
import { SEALED_SESSION_HEADER, sealSession } from '@/lib/auth/proxy-seal';
import { env } from '@/lib/env';
import { isHttps, setSecurityHeaders } from '@/lib/security-headers';

// Runs before every page, action and route: a signed-out navigation goes to the sign-in page (each
// page, action and route checks the session again itself), every response gets a per-request CSP
// nonce (no unsafe-inline scripts) and headers that keep tokens out of caches and Referer.
const PUBLIC = ['/sign-in', '/api/auth/', '/api/health', '/api/ready'];

function securityHeaders(response: Response, csp: string, https: boolean) {
  setSecurityHeaders(response.headers, csp, https);
  return response;
}

const withSession = auth((request) => {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV === 'development';
  // Single sign-on's button posts a form whose answer redirects to the issuer; form-action covers that
  // redirect, so a post made before the page's script ran (a quick click) would otherwise stop here.
  const issuer = env().auth.oidc?.issuer;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    // Recordings play straight from storage through a short read-only URL.
    `media-src 'self' blob: ${new URL(env().storage.blobEndpoint).origin}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self'${issuer ? ` ${new URL(issuer).origin}` : ''}`,
    "frame-ancestors 'none'",
  ].join('; ');
  const https = isHttps(request.nextUrl, request.headers.get('x-forwarded-proto'));
  const { pathname, search } = request.nextUrl;
  const isPublic = PUBLIC.some((p) => pathname === p || pathname.startsWith(p));
  const isNavigation =
    request.method === 'GET' && !request.headers.get('next-action') && (request.headers.get('accept') ?? '').includes('text/html');

  if (!request.auth && !isPublic && isNavigation) {
    const signIn = new URL('/sign-in', request.nextUrl);
    if (pathname !== '/') signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
    return securityHeaders(NextResponse.redirect(signIn), csp, https);
  }

  const requestHeaders = new Headers(request.headers);
  // The session just read, for the handler to take instead of reading the cookie again.
  const user = request.auth?.user;
  if (user?.name && user.role)
    requestHeaders.set(SEALED_SESSION_HEADER, sealSession({ name: user.name, role: user.role, display: user.display }));
  else requestHeaders.delete(SEALED_SESSION_HEADER);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  return securityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp, https);
});

// With a lazily built config, Auth.js's auth(handler) resolves to the wrapped handler (a promise
// of it, though typed as the handler itself, and typed for routes rather than the proxy's event).
type ProxyHandler = (request: NextRequest, event: NextFetchEvent) => Promise<Response>;
const sessionProxy = Promise.resolve(withSession as unknown as ProxyHandler | Promise<ProxyHandler>);

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  return (await sessionProxy)(request, event);
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|icon.svg).*)' }],
};
