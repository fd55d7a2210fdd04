// Storage failures turned into sentences an administrator can act on. Never includes a URL: SDK
// errors may carry a request URL, and a signed one must not reach a page or a log.
import { RestError } from '@azure/storage-blob';
import { logLine } from '../log';
import { currentRequestId } from '../request-log';

export function storageErrorCode(error: unknown): string | undefined {
  if (error instanceof RestError) {
    const details = error.details as { errorCode?: string } | undefined;
    return details?.errorCode ?? error.code;
  }
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

export function storageStatus(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

/** The blob itself is gone (not its container, not the account: those are failures to report). */
export function isBlobMissing(error: unknown): boolean {
  const code = storageErrorCode(error);
  return code === 'BlobNotFound' || (storageStatus(error) === 404 && code === undefined);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'REQUEST_SEND_ERROR']);

export function isUnreachable(error: unknown): boolean {
  const code = storageErrorCode(error);
  if (code && UNREACHABLE.has(code)) return true;
  const name = error instanceof Error ? error.name : '';
  return name === 'AbortError' || name === 'TimeoutError' || (error instanceof RestError && error.statusCode === undefined);
}

export function describeStorageError(error: unknown): string {
  if (isUnreachable(error)) return 'The storage account did not answer (it may be down or unreachable). Try again shortly.';
  const code = storageErrorCode(error);
  const status = storageStatus(error);
  if (code === 'AuthenticationFailed' || code === 'AuthorizationFailure' || status === 403) {
    return "The storage account refused the console's credentials. Check AZURE_STORAGE_CONNECTION_STRING.";
  }
  if (code === 'ContainerNotFound') return 'The container does not exist in the storage account.';
  if (code === 'BlobNotFound') return 'That blob does not exist (it may have been deleted).';
  if (code === 'ServerBusy' || status === 503) return 'The storage account is busy. Try again shortly.';
  if (code === 'ConsoleQueueTimeout')
    return 'The storage account is answering slowly and many requests are waiting for it. Try again shortly.';
  return `The storage account answered with an error${code ? ` (${code})` : status ? ` (HTTP ${status})` : ''}.`;
}

/** A sentence a user can quote to whoever reads the server log. */
export function withReference(message: string, requestId: string | undefined): string {
  return requestId ? `${message} (Reference: ${requestId}.)` : message;
}

/** One log line per storage failure: the code and status, never a URL (a signed one must not reach a log). */
export function logStorageFailure(error: unknown, where?: string): void {
  logLine('warn', 'storage', 'a storage call failed', {
    requestId: currentRequestId(),
    ...(where ? { where } : {}),
    code: storageErrorCode(error) ?? (error instanceof Error ? error.name : 'unknown'),
    status: storageStatus(error),
  });
}
