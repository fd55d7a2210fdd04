// The console's HTTP server in production (`npm start` runs it): Next.js's request handler behind a
// plain Node server that owns X-Forwarded-For. `next start` passes on whatever a client writes in that
// header, and the sign-in lockout and the audit trail would then believe it; here the app sees only
// what TRUSTED_PROXIES reverse proxies appended, then the socket's own address (lib/forwarded.mjs).
// Without a trusted proxy, X-Forwarded-Host and -Proto are dropped too (Next.js then fills them from
// the request itself), so no client can choose the host Auth.js builds its URLs from.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forwardedChain } from '../lib/forwarded.mjs';

process.env.NODE_ENV = 'production';
const require = createRequire(import.meta.url);
const next = require('next');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hostname = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 3000);
const trusted = Number(process.env.TRUSTED_PROXIES || 0);
if (!Number.isInteger(trusted) || trusted < 0 || trusted > 10) {
  console.error(`TRUSTED_PROXIES must be a whole number from 0 to 10 (got "${process.env.TRUSTED_PROXIES}").`);
  process.exit(1);
}

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
process.title = 'next-server (blob storage console)';

// No route reads more than this (lib/http.ts MAX_BODY_BYTES; server actions: Next's own 1 MB). A
// larger body is refused here, before any of it is read and before Next.js buffers it (its proxy
// would hold up to 10 MB, signed in or not). A body without a stated length cannot be judged before
// it is read, and no browser sends one, so it is refused too (411).
const MAX_BODY_BYTES = 1024 * 1024;

function refuseBody(req, res) {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  const length = req.headers['content-length'];
  const chunked = /chunked/i.test(req.headers['transfer-encoding'] ?? '');
  if (length === undefined && !chunked) return false;
  const status = chunked && length === undefined ? 411 : Number(length) > MAX_BODY_BYTES ? 413 : 0;
  if (!status) return false;
  const error = status === 413 ? `The request is larger than ${MAX_BODY_BYTES / 1024} KB.` : 'Send the request with a Content-Length.';
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ error }));
  // The body is never kept: what the client goes on sending is thrown away (so it can read the answer),
  // and one that goes on sending past 8 MB is cut off.
  let discarded = 0;
  req.on('data', (chunk) => {
    discarded += chunk.length;
    if (discarded > 8 * MAX_BODY_BYTES) req.socket.destroy();
  });
  return true;
}

// One log line per request (JSON on stdout): its id, method, path (never the query), status, duration,
// the user and how many storage calls it made. The app fills in the user and the calls through this
// global (lib/request-log.ts); the request id comes from a trusted proxy or is made up here.
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };
const logLevel = LEVELS[process.env.LOG_LEVEL || 'info'] ?? LEVELS.info;
const requestLog = (globalThis.__consoleRequestLog ??= new AsyncLocalStorage());
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function requestId(req) {
  const given = trusted > 0 ? req.headers['x-request-id'] : undefined;
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomBytes(8).toString('hex');
}

/** Storage's share of the request, with calls still under way (an abandoned request's) counted to now. */
function storageMsOf(entry) {
  const ms = (entry.storageMs ?? 0) + (entry.inFlight > 0 ? performance.now() - entry.busySince : 0);
  return entry.storageMs === undefined && !(entry.inFlight > 0) ? {} : { storageMs: Math.round(ms * 100) / 100 };
}

function logRequest(req, res, entry, started) {
  const path = (req.url ?? '').split('?')[0];
  // Static files at debug level: one page load fetches dozens.
  const level = res.statusCode >= 500 ? 'error' : path.startsWith('/_next/') ? 'debug' : 'info';
  if (LEVELS[level] < logLevel) return;
  const line = {
    level,
    at: new Date().toISOString(),
    topic: 'request',
    requestId: entry.id,
    method: req.method,
    route: path,
    status: res.statusCode,
    ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
    ...(entry.user ? { user: entry.user } : {}),
    storageCalls: entry.storageCalls,
    ...storageMsOf(entry),
    ...(res.writableFinished ? {} : { aborted: true }),
  };
  console.log(JSON.stringify(line));
}

let shuttingDown = false;
// Timeouts are checked every second (Node's default: every 30 s, which let a slow client hold on longer).
const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
  // While stopping, answers close their connection, so no new request arrives on a kept-alive one.
  if (shuttingDown) res.setHeader('Connection', 'close');
  const started = process.hrtime.bigint();
  const entry = { id: requestId(req), user: undefined, storageCalls: 0 };
  req.headers['x-request-id'] = entry.id;
  res.setHeader('X-Request-Id', entry.id);
  res.once('close', () => logRequest(req, res, entry, started));
  if (refuseBody(req, res)) return;
  req.headers['x-forwarded-for'] = forwardedChain(req.headers['x-forwarded-for'], req.socket.remoteAddress, trusted);
  if (trusted === 0) {
    delete req.headers['x-forwarded-host'];
    delete req.headers['x-forwarded-proto'];
  }
  // The JSON API's direct lane (lib/api/direct.ts, installed by instrumentation.ts): its routes skip
  // Next.js's request handling; everything else, navigations to those paths included, goes to Next.js.
  const lane = globalThis.__consoleApiLane;
  requestLog
    .run(entry, () => (lane?.handles(req) ? lane.serve(req, res) : handle(req, res)))
    .catch((error) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
});
// A slow client cannot hold a connection open by trickling its headers or its body.
server.headersTimeout = 15_000;
server.requestTimeout = 60_000;
server.listen(port, hostname, () => console.log(`[serve] listening on http://${hostname}:${port}`));

// Stopping (a deploy, `npm start`'s Ctrl-C): take no new requests, let those in flight finish for up
// to SHUTDOWN_GRACE_MS (a zip still running then is cut, and recorded as cancelled), then wait for
// the audit records still being written (lib/audit/store.ts keeps them under this global name).
const SHUTDOWN_GRACE_MS = 10_000;
const AUDIT_WAIT_MS = 5_000;
const PENDING_AUDIT_WRITES = '__consolePendingAuditWrites';
// Not unref'd: once the connections are gone these timers are what keeps the process up to finish.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function shutdown(signal) {
  console.log(`[serve] ${signal}: finishing the requests in flight (at most ${SHUTDOWN_GRACE_MS / 1000} s)…`);
  shuttingDown = true;
  const closed = new Promise((resolve) => server.close(resolve));
  // Connections kept alive between requests close as soon as they fall idle.
  const idle = setInterval(() => server.closeIdleConnections(), 250);
  server.closeIdleConnections();
  await Promise.race([closed, sleep(SHUTDOWN_GRACE_MS)]);
  clearInterval(idle);
  server.closeAllConnections();
  await sleep(100); // work scheduled after a response (Next.js's after()) and cancellations start their writes
  const deadline = Date.now() + AUDIT_WAIT_MS;
  const pending = () => globalThis[PENDING_AUDIT_WRITES] ?? new Set();
  if (pending().size) console.log(`[serve] waiting for ${pending().size} audit record${pending().size === 1 ? '' : 's'} to be written…`);
  // Writes that start while others finish are waited for too, within the bound.
  while (pending().size && Date.now() < deadline) await Promise.race([Promise.allSettled([...pending()]), sleep(deadline - Date.now())]);
  await Promise.race([app.close?.(), sleep(2_000)]);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    shutdown(signal).finally(() => process.exit(0));
    // A second signal stops at once.
    process.once(signal, () => process.exit(1));
  });
}
