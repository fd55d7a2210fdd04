import 'server-only';
// Plain GETs to storage through Node's own http client, for the hot paths (listing, find, zip).
// Inside Next.js, fetch is patched and streams through web streams, which costs the zip more server
// CPU per GiB than this (docs/measurements.md).
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { RestError } from '@azure/storage-blob';
import { env } from '../env';
import { countStorageCall } from '../request-log';
import { storageSpan, storageTarget } from '../tracing';
import { STORAGE_TIMEOUT_MS } from './clients';
import { parseErrorXml } from './list-xml';

// Idle keep-alive sockets are closed before storage's own keep-alive limit (Azurite: 5 s), so a
// request is never sent on a socket the server is closing.
const agents = { http: new http.Agent({ keepAlive: true, timeout: 4_000 }), https: new https.Agent({ keepAlive: true, timeout: 4_000 }) };

/** Once the headers are in, a body may pause this long between chunks before it counts as stalled. */
const BODY_IDLE_MS = 60_000;

/**
 * The response to a GET, once its headers arrive (within STORAGE_TIMEOUT_MS, else a TimeoutError);
 * an answer other than 200 is thrown as a RestError with storage's own code and message. The body
 * is left in the socket for the caller to read or stream.
 */
export async function storageResponse(
  url: string,
  opts: { signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<IncomingMessage> {
  return storageSpan('GET', storageTarget(url, env().storage.accountName), () => sendGet(url, opts));
}

async function sendGet(url: string, opts: { signal?: AbortSignal; headers?: Record<string, string> }): Promise<IncomingMessage> {
  countStorageCall();
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = (secure ? https : http).get(
      target,
      { signal: opts.signal, headers: opts.headers, agent: secure ? agents.https : agents.http },
      resolve,
    );
    request.once('error', reject);
    request.setTimeout(STORAGE_TIMEOUT_MS, () => request.destroy(new DOMException('storage did not answer', 'TimeoutError')));
  });
  // From here the body streams for as long as it takes, unless it stalls (a caller wanting a limit
  // on the whole exchange passes a signal).
  response.socket.setTimeout(BODY_IDLE_MS);
  if (response.statusCode !== 200) {
    const { code, message } = parseErrorXml(await responseText(response));
    throw new RestError(message ?? `Storage answered ${response.statusCode}`, { statusCode: response.statusCode, code });
  }
  return response;
}

export async function responseText(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
