// The console's HTTP server in production (`npm start` runs it): Next.js's request handler behind a
// plain Node server that owns X-Forwarded-For. `next start` passes on whatever a client writes in that
// header, and the sign-in lockout and the audit trail would then believe it; here the app sees only
// what TRUSTED_PROXIES reverse proxies appended, then the socket's own address (lib/forwarded.mjs).
// Without a trusted proxy, X-Forwarded-Host and -Proto are dropped too (Next.js then fills them from
// the request itself), so no client can choose the host Auth.js builds its URLs from.
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

const server = createServer((req, res) => {
  req.headers['x-forwarded-for'] = forwardedChain(req.headers['x-forwarded-for'], req.socket.remoteAddress, trusted);
  if (trusted === 0) {
    delete req.headers['x-forwarded-host'];
    delete req.headers['x-forwarded-proto'];
  }
  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500).end();
    else res.destroy();
  });
});
server.listen(port, hostname, () => console.log(`[serve] listening on http://${hostname}:${port}`));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close();
    app.close?.().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
