import 'server-only';
// The JSON API's direct lane: scripts/serve.mjs hands the console's JSON routes (the ones pages call
// as they are used: list, find, details, search) straight to their handlers, past Next.js's request
// handling and the proxy, which between them cost about 10 ms of CPU a request on this machine when
// storage itself answers in a few (docs/measurements.md). Every check still runs: the session is
// read as Auth.js reads it for the proxy (lib/auth/session-cookie.ts: the jwt callback's checks, the
// idle limit slid by the cookie it re-issues), then the handler's own door, route() in lib/http.ts
// (cross-site refusal, role, the shared schema, the fan-out budget, storage failures as sentences),
// and the answer gets the proxy's security headers. A navigation, or any other path, goes to Next.js.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { readRequestSession } from '../auth';
import { SEALED_SESSION_HEADER } from '../auth/proxy-seal';
import { sessionUser } from '../auth/guard';
import { jsonTextOf } from '../http';
import { logLine } from '../log';
import { JSON_CSP, setSecurityHeaders } from '../security-headers';
import { directLane, type DirectRequest } from './direct-context';

export type DirectRoute = {
  handler: (request: Request) => Promise<Response>;
  /** Health checks need no session; everything else reads it, as the proxy does. */
  session: boolean;
};

export type Lane = { handles(req: IncomingMessage): boolean; serve(req: IncomingMessage, res: ServerResponse): Promise<void> };

const gzipAsync = promisify(gzip);
/** Below this an answer goes as it is (as Next.js's compression does); level 1: JSON shrinks about as well, for a third of the CPU. */
const GZIP_FROM_BYTES = 1024;
const GZIP_LEVEL = 1;
/** Up to this, compressed in place (~0.3 ms for a 100-blob page); larger answers go to the thread pool, whose hand-off cost ~3 ms of wall time on a busy machine. */
const GZIP_INLINE_BYTES = 256 * 1024;
// Any origin serves: handlers read the path and query of request.url, never its host (they take that from the headers).
const ORIGIN = 'http://console.internal';

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  // What Next.js fills in before a handler sees a request (scripts/serve.mjs has already dropped the
  // client's own, unless a trusted proxy set them): Auth.js picks its cookie names by the protocol.
  const encrypted = Boolean((req.socket as TLSSocket).encrypted);
  if (!headers.has('x-forwarded-proto')) headers.set('x-forwarded-proto', encrypted ? 'https' : 'http');
  if (!headers.has('x-forwarded-host') && req.headers.host) headers.set('x-forwarded-host', req.headers.host);
  // The proxy's hand-over header means nothing here (the lane hands the user over in its context):
  // a client's copy goes, so no handler can mistake it for one.
  headers.delete(SEALED_SESSION_HEADER);
  return headers;
}

/**
 * The protocol as Auth.js's createActionURL reads it (X-Forwarded-Proto, which requestHeaders always
 * sets, with or without its colon, in any case); undefined where Auth.js would fail to build its URL,
 * so finds no session either.
 */
function requestIsHttps(proto: string | null): boolean | undefined {
  try {
    return new URL(`${proto?.endsWith(':') ? proto : `${proto}:`}//console.internal`).protocol === 'https:';
  } catch {
    return undefined;
  }
}

const wantsPage = (req: IncomingMessage) => req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
const keyOf = (req: IncomingMessage) => `${req.method} ${(req.url ?? '').split('?')[0]}`;

export function directApi(routes: Record<string, DirectRoute>): Lane {
  return {
    // A signed-out navigation to an API path is sent to the sign-in page by the proxy: pages stay Next's.
    handles: (req) => keyOf(req) in routes && !wantsPage(req),
    async serve(req, res) {
      const key = keyOf(req);
      const route = routes[key]!;
      const headers = requestHeaders(req);
      // Listening from the start: a client that leaves while its session is read starts no storage call.
      const gone = new AbortController();
      const waiting: (() => unknown)[] = [];
      let answered = false;
      res.once('close', () => {
        if (!res.writableFinished) gone.abort();
        answered = true;
        runAfterAnswer(waiting.splice(0));
      });
      const store: DirectRequest = { user: null, afterAnswer: (task) => (answered ? runAfterAnswer([task]) : void waiting.push(task)) };
      const https = requestIsHttps(headers.get('x-forwarded-proto'));
      let reissued: string[] = [];
      if (route.session && https !== undefined) {
        const read = await readRequestSession(headers.get('cookie') ?? '', https);
        reissued = read.setCookies;
        const user = read.session?.user;
        if (user?.name && user.role) store.user = sessionUser({ name: user.name, role: user.role, display: user.display });
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(`${ORIGIN}${req.url}`, {
        method: req.method,
        headers,
        signal: gone.signal,
        ...(hasBody ? { body: bodyOf(req, res), duplex: 'half' } : {}),
      } as RequestInit);

      const response = await directLane.run(store, () => traced(key, () => route.handler(request)));
      const answer = new Headers(response.headers);
      setSecurityHeaders(answer, JSON_CSP, https === true);
      // A handler's JSON value is taken as the text it was made from, not read back through the stream.
      const text = jsonTextOf(response);
      let body = text !== undefined ? Buffer.from(text) : response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
      if (
        body &&
        body.length >= GZIP_FROM_BYTES &&
        !answer.has('content-encoding') &&
        /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')
      ) {
        body = body.length <= GZIP_INLINE_BYTES ? gzipSync(body, { level: GZIP_LEVEL }) : await gzipAsync(body, { level: GZIP_LEVEL });
        answer.set('Content-Encoding', 'gzip');
        answer.set('Vary', 'Accept-Encoding');
      }
      if (body) answer.set('Content-Length', String(body.length));
      res.statusCode = response.status;
      for (const [name, value] of answer) if (name !== 'set-cookie') res.setHeader(name, value);
      const cookies = [...response.headers.getSetCookie(), ...reissued];
      if (cookies.length) res.setHeader('Set-Cookie', cookies);
      res.end(body);
    },
  };
}

/**
 * The request's body as a web stream. A handler that stops reading, or never starts (a body over
 * its limit: 413), leaves the rest to be read and dropped, as Next.js does, so the client still reads
 * its answer; stream.Readable.toWeb would destroy the socket instead. serve.mjs refused bodies over 1 MB.
 */
function bodyOf(req: IncomingMessage, res: ServerResponse): ReadableStream<Uint8Array> {
  let open = true;
  // Answered before the body was read to its end (its length alone was over the limit): drop the rest.
  res.once('finish', () => {
    if (req.complete) return;
    open = false;
    req.resume();
  });
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (!open) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => open && ((open = false), controller.close()));
        req.once('error', (error) => open && ((open = false), controller.error(error)));
      },
      pull() {
        req.resume();
      },
      cancel() {
        open = false;
        req.resume();
      },
    },
    { highWaterMark: 4 },
  );
}

/** A span for the request, as Next.js makes for the routes it serves ("GET /api/blobs"); storage calls' spans sit inside it. */
function traced(name: string, fn: () => Promise<Response>): Promise<Response> {
  return trace.getTracer('blob-storage-console').startActiveSpan(name, { kind: SpanKind.SERVER }, async (span) => {
    try {
      const response = await fn();
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return response;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
      throw error;
    } finally {
      span.end();
    }
  });
}

function runAfterAnswer(tasks: (() => unknown)[]) {
  for (const task of tasks) {
    Promise.resolve()
      .then(task)
      .catch((error: unknown) => logLine('error', 'api', 'work after an answer failed', { error: (error as Error).message }));
  }
}
