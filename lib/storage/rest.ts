import 'server-only';
// Plain calls to storage through Node's own http client, for the hot paths (listing, find, a blob's
// details, zip) and the token changes (policies and their lock). Inside Next.js, fetch is patched
// and streams through web streams, which costs the zip more server CPU per GiB than this
// (docs/measurements.md).
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { RestError } from '@azure/storage-blob';
import { env } from '../env';
import { countStorageCall, currentRequestId, storageWait } from '../request-log';
import { storageSpan, storageTarget } from '../tracing';
import { STORAGE_TIMEOUT_MS } from './clients';
import { parseErrorXml } from './list-xml';

// Idle keep-alive sockets are closed before storage's own keep-alive limit (Azurite: 5 s), so a
// request is never sent on a socket the server is closing.
const agents = { http: new http.Agent({ keepAlive: true, timeout: 4_000 }), https: new https.Agent({ keepAlive: true, timeout: 4_000 }) };

const OK = [200];

/** Once the headers are in, a body may pause this long between chunks before it counts as stalled. */
const BODY_IDLE_MS = 60_000;

/**
 * The response to a GET, once its headers arrive (within STORAGE_TIMEOUT_MS, else a TimeoutError);
 * an answer other than 200 is thrown as a RestError with storage's own code and message. The body
 * is left in the socket for the caller to read or stream.
 */
export type SendOptions = {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  method?: 'GET' | 'HEAD' | 'PUT' | 'POST';
  body?: string;
  /** The answers that count as success (200 unless said). */
  ok?: readonly number[];
};

export async function storageResponse(url: string, opts: SendOptions = {}): Promise<IncomingMessage> {
  // Shared Key signs every x-ms- header, so a call signed so has it already if it is to (callOnce adds
  // it before signing) and is left as it is; Shared Key Lite and SAS calls do not sign it.
  const signed = opts.headers?.authorization?.startsWith('SharedKey ') || opts.headers?.['x-ms-client-request-id'];
  const headers = signed ? opts.headers : { ...opts.headers, ...clientRequestId() };
  return storageSpan(opts.method ?? 'GET', storageTarget(url, env().storage.accountName), () => send(url, { ...opts, headers }));
}

/**
 * The console's request id as storage's client request id: Azure writes it into its own logs
 * (Storage Analytics, Azure Monitor), so a request in the console's log can be found in storage's.
 * Empty outside a request. The id is at most 64 of [A-Za-z0-9._-] (scripts/serve.mjs), within
 * storage's 1 KB of visible ASCII.
 */
export function clientRequestId(): { 'x-ms-client-request-id'?: string } {
  const id = currentRequestId();
  return id ? { 'x-ms-client-request-id': id } : {};
}

async function send(url: string, opts: SendOptions): Promise<IncomingMessage> {
  countStorageCall();
  const answered = storageWait();
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = (secure ? https : http).request(
      target,
      { method: opts.method ?? 'GET', signal: opts.signal, headers: opts.headers, agent: secure ? agents.https : agents.http },
      resolve,
    );
    request.end(opts.body);
    request.once('error', reject);
    request.setTimeout(STORAGE_TIMEOUT_MS, () => request.destroy(new DOMException('storage did not answer', 'TimeoutError')));
  }).catch((error: unknown) => {
    answered();
    throw error;
  });
  // Storage is waited for until its answer's last byte (or the socket's end), whoever reads it.
  response.once('end', answered);
  response.once('close', answered);
  // From here the body streams for as long as it takes, unless it stalls (a caller wanting a limit
  // on the whole exchange passes a signal).
  response.socket.setTimeout(BODY_IDLE_MS);
  if (!(opts.ok ?? OK).includes(response.statusCode ?? 0)) {
    // A HEAD's error has no body: its code is in a header.
    const { code, message } = parseErrorXml(await responseText(response));
    const headerCode = response.headers['x-ms-error-code'];
    throw new RestError(message ?? `Storage answered ${response.statusCode}`, {
      statusCode: response.statusCode,
      code: code ?? (typeof headerCode === 'string' ? headerCode : undefined),
    });
  }
  return response;
}

/** The whole body as text (read by events: the stream's async iterator cost more than a small answer's parsing). */
export function responseText(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    response.once('error', reject);
    // A socket destroyed mid-body (an abort, a reset) closes the stream without 'end'.
    response.once('close', () => {
      if (!response.complete) reject(response.errored ?? new Error('aborted'));
    });
  });
}
