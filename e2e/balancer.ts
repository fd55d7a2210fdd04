// A small round-robin reverse proxy on loopback, in front of two console processes, as a load
// balancer would stand: it appends the client's address to X-Forwarded-For and says which host
// was asked for (X-Forwarded-Host), and records which console served each request.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Balancer = { url: string; served: string[]; close: () => Promise<void> };

export async function startBalancer(targets: string[]): Promise<Balancer> {
  let next = 0;
  const served: string[] = [];
  const server: Server = createServer((req, res) => {
    const target = new URL(targets[next++ % targets.length]!);
    served.push(target.origin);
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress?.replace(/^::ffff:/, '')].filter(Boolean).join(', ');
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'x-forwarded-for': forwarded, 'x-forwarded-host': req.headers.host, 'x-forwarded-proto': 'http' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.headersSent || res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type Answer = { status: number; headers: IncomingMessage['headers']; body: string };

/** One HTTP request from a chosen loopback address (127.x are distinct clients on this machine). */
export function requestFrom(
  localAddress: string,
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: opts.method ?? 'GET',
        headers: opts.headers,
        localAddress,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * A password sign-in through Auth.js's own endpoint, as a script would send it (no browser), from a
 * chosen address and with any headers (X-Forwarded-For, as a trusted proxy writes it): the `code`
 * the console answered with, read from where it redirects, or null when it let the user in.
 */
export async function signInFrom(
  localAddress: string,
  baseURL: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<string | null> {
  const csrf = await requestFrom(localAddress, `${baseURL}/api/auth/csrf`, { headers });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  // The same cookie may be set twice (the proxy and the route); as in a browser, the last one counts.
  const jar = new Map((csrf.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!.split(/=(.*)/s).slice(0, 2) as [string, string]));
  const answer = await requestFrom(localAddress, `${baseURL}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { ...headers, Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${baseURL}/blob-storage` }).toString(),
  });
  const location = String(answer.headers.location ?? '');
  return new URL(location, baseURL).searchParams.get('code') ?? (location.includes('/sign-in') ? 'error' : null);
}
