import 'server-only';
// The server's own plain REST calls to storage: listing, find, a blob's properties and tags, signed
// with short SAS tokens that never reach a browser; and the token changes' calls, with Shared Key.
// Each is one turn in the storage queue, tried twice when storage cannot be reached. The SDK's pipeline and generic XML reader cost several times
// the call itself on these paths (npm run bench: list, find, details).
import type { IncomingHttpHeaders } from 'node:http';
import {
  AccountSASPermissions,
  ContainerSASPermissions,
  RestError,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';
import { env } from '../env';
import { ClientGone, requestContext } from '../request-context';
import { STORAGE_TIMEOUT_MS, storageTurn } from './clients';
import { clientRequestId, responseText, storageResponse, type SendOptions } from './rest';
import { sharedKeyAuthorization } from './shared-key';
import { signingWindow } from './sas';

/** The REST version whose answers this code reads (tags in listings since 2019-12-12). */
export const API_VERSION = '2021-12-02';

const SERVER_SAS_MINUTES = 10;
const globalForSas = globalThis as unknown as { serverSas?: Map<string, { query: string; until: number }> };

/**
 * Short SAS tokens for the server's own calls, reused for a few minutes: per container, list-only
 * (`l`) or read-and-tags (`rt`, for properties and tags); and a find-only account token.
 */
export function serverSas(scope: { container: string; permissions?: 'l' | 'rt' } | 'find'): string {
  const key = scope === 'find' ? ' find' : `${scope.permissions ?? 'l'} ${scope.container}`;
  const cache = (globalForSas.serverSas ??= new Map());
  const cached = cache.get(key);
  if (cached && cached.until > Date.now()) return cached.query;
  const now = new Date();
  const window = signingWindow(now, new Date(now.getTime() + SERVER_SAS_MINUTES * 60_000), now);
  const credential = new StorageSharedKeyCredential(env().storage.accountName, env().storage.accountKey);
  const query =
    scope === 'find'
      ? generateAccountSASQueryParameters(
          { services: 'b', resourceTypes: 'sco', permissions: AccountSASPermissions.parse('f'), ...window },
          credential,
        ).toString()
      : generateBlobSASQueryParameters(
          { containerName: scope.container, permissions: ContainerSASPermissions.parse(scope.permissions ?? 'l'), ...window },
          credential,
        ).toString();
  cache.set(key, { query, until: Date.now() + (SERVER_SAS_MINUTES / 2) * 60_000 });
  return query;
}

export type Reply = { headers: IncomingHttpHeaders; rawHeaders: string[]; body: string };

/**
 * The exchange's own signal: aborted when the client goes, or after STORAGE_TIMEOUT_MS with a
 * TimeoutError as AbortSignal.timeout gives. One controller and one timer, released when the
 * exchange ends: AbortSignal.any over AbortSignal.timeout cost ~37 µs a call (50 a found page).
 */
function exchangeSignal(client: AbortSignal | undefined): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    STORAGE_TIMEOUT_MS,
  );
  timer.unref();
  const follow = () => controller.abort(client!.reason);
  if (client?.aborted) follow();
  else client?.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    release() {
      clearTimeout(timer);
      client?.removeEventListener('abort', follow);
    },
  };
}

const isTimeout = (reason: unknown) => reason instanceof Error && reason.name === 'TimeoutError';

type CallOptions = Pick<SendOptions, 'headers' | 'body' | 'ok'> & {
  method: NonNullable<SendOptions['method']>;
  /** Signs one try (its headers in lower case, x-ms-date fresh for each): for Shared Key calls. */
  sign?: (headers: Record<string, string>) => void;
  /** Also tried again, after a pause, when storage answers that it is busy or failed (500, 503): for calls safe to repeat. */
  retryBusy?: boolean;
};

/** The pause before a call storage answered busy is tried again (the SDK's retry delay). */
export const BUSY_RETRY_MS = 200;

async function callOnce(url: string, opts: CallOptions): Promise<Reply> {
  // The whole exchange, body included, within the limit; and no longer than the client waits for it.
  const client = requestContext().signal;
  const { signal, release } = exchangeSignal(client);
  try {
    const headers: Record<string, string> = { 'x-ms-version': API_VERSION, ...opts.headers, ...clientRequestId() };
    opts.sign?.(headers);
    const response = await storageResponse(url, { method: opts.method, signal, headers, body: opts.body, ok: opts.ok });
    return { headers: response.headers, rawHeaders: response.rawHeaders, body: await responseText(response) };
  } catch (error) {
    // A deadline of the caller's own (the tokens lock's) is a timeout; any other abort is the client going.
    if (client?.aborted) throw isTimeout(client.reason) ? client.reason : new ClientGone();
    // A body cut off by the limit surfaces as a reset socket: it is the timeout, not worth a retry.
    if (signal.aborted) throw signal.reason;
    if (error instanceof RestError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')))
      throw error;
    throw new RestError('The storage account could not be reached.', { code: 'REQUEST_SEND_ERROR' });
  } finally {
    release();
  }
}

/** One storage call, tried twice when storage cannot be reached at all; one turn in the storage queue. */
export async function storageCall(url: string, method: 'GET' | 'HEAD' = 'GET'): Promise<Reply> {
  return tried(url, { method });
}

/** One turn in the storage queue, tried twice when storage cannot be reached at all (or, if asked, is busy). */
function tried(url: string, opts: CallOptions): Promise<Reply> {
  return storageTurn(async () => {
    try {
      return await callOnce(url, opts);
    } catch (error) {
      if (!(error instanceof RestError)) throw error;
      if (error.code === 'REQUEST_SEND_ERROR') return callOnce(url, opts);
      if (!opts.retryBusy || (error.statusCode !== 500 && error.statusCode !== 503)) throw error;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
      return callOnce(url, opts);
    }
  });
}

// The decoded key, kept beside the configuration object it came from (rebuilt when that changes).
const decodedKeys = new WeakMap<object, Buffer>();
export function accountKey(storage: { accountKey: string }): Buffer {
  let key = decodedKeys.get(storage);
  if (!key) decodedKeys.set(storage, (key = Buffer.from(storage.accountKey, 'base64')));
  return key;
}

/**
 * A Shared Key call's URL: below the blob endpoint, with storage's own time limit for the operation
 * (`timeout`, in whole seconds, as the SDK sent it), so a write whose connection was cut off at a
 * deadline is not applied by storage long after it (the tokens lock's next holder could be undone).
 */
export function accountCallUrl(blobEndpoint: string, path: string, query: string): string {
  const endpoint = new URL(blobEndpoint);
  const url = new URL(`${endpoint.origin}${endpoint.pathname.replace(/\/$/, '')}/${path}`);
  url.search = `${query}&timeout=${Math.floor(STORAGE_TIMEOUT_MS / 1000)}`;
  return url.toString();
}

/**
 * A call only the account owner may make (a container's stored access policies, the tokens lock's
 * lease), signed with Shared Key. Only for calls that are safe to send twice: a try that could not
 * reach storage, or that storage answered busy (500, 503), is repeated. `path` is below the blob
 * endpoint (`recordings`, `console-locks/tokens`).
 */
export function accountCall(
  path: string,
  query: string,
  opts: Pick<CallOptions, 'headers' | 'body' | 'ok'> & { method: 'GET' | 'PUT' },
): Promise<Reply> {
  const { storage } = env();
  const url = accountCallUrl(storage.blobEndpoint, path, query);
  const target = new URL(url);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(opts.body));
    headers['content-type'] ??= 'application/xml; charset=utf-8';
  } else if (opts.method === 'PUT') headers['content-length'] = '0';
  return tried(url, {
    ...opts,
    headers,
    retryBusy: true,
    sign: (h) => {
      h['x-ms-date'] = new Date().toUTCString();
      h.authorization = sharedKeyAuthorization(storage.accountName, accountKey(storage), opts.method, target, h);
    },
  });
}

export const storageGet = async (url: string): Promise<string> => (await storageCall(url)).body;
