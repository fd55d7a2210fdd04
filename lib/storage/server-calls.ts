import 'server-only';
// The server's own plain REST calls to storage (listing, find, a blob's properties and tags), signed
// with short SAS tokens that never reach a browser, each one turn in the storage queue and tried
// twice when storage cannot be reached. The SDK's pipeline and generic XML reader cost several times
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
import { responseText, storageResponse } from './rest';
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

async function callOnce(url: string, method: 'GET' | 'HEAD'): Promise<Reply> {
  // The whole exchange, body included, within the limit; and no longer than the client waits for it.
  const client = requestContext().signal;
  const { signal, release } = exchangeSignal(client);
  try {
    const response = await storageResponse(url, { method, signal, headers: { 'x-ms-version': API_VERSION } });
    return { headers: response.headers, rawHeaders: response.rawHeaders, body: await responseText(response) };
  } catch (error) {
    if (client?.aborted) throw new ClientGone();
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
  return storageTurn(async () => {
    try {
      return await callOnce(url, method);
    } catch (error) {
      if (!(error instanceof RestError && error.code === 'REQUEST_SEND_ERROR')) throw error;
      return callOnce(url, method);
    }
  });
}

export const storageGet = async (url: string): Promise<string> => (await storageCall(url)).body;
