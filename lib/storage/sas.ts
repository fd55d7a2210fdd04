// SAS signing, pure: given the account and a window, build the URLs the screen shows. No I/O here,
// so every rule (clock skew, protocol, permissions) is unit-tested without a storage account.
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  BlobSASPermissions,
  SASProtocol,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';
import type { StorageAccount } from '../config';

/** Azure's advice: a start "now" may be rejected by a server whose clock runs behind, so back-date it. */
export const CLOCK_SKEW_MS = 15 * 60_000;

export type SignedWindow = { startsOn: Date; expiresOn: Date };
/** The `sip` addresses a token is limited to. */
export type IpRange = { start: string; end?: string };

/** The window to sign: a start at or before now becomes now minus the clock-skew margin. */
export function signingWindow(startsAt: Date, expiresAt: Date, now: Date): SignedWindow {
  const startsOn = startsAt.getTime() <= now.getTime() ? new Date(now.getTime() - CLOCK_SKEW_MS) : startsAt;
  // SAS times have one-second precision; trim so what is shown is exactly what is signed.
  return { startsOn: floorToSecond(startsOn), expiresOn: floorToSecond(expiresAt) };
}

function floorToSecond(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

/** `spr=https` against a real (https) account; a plain-http emulator also needs http. */
export function protocolFor(blobEndpoint: string): SASProtocol {
  return new URL(blobEndpoint).protocol === 'https:' ? SASProtocol.Https : SASProtocol.HttpsAndHttp;
}

function credential(account: StorageAccount) {
  return new StorageSharedKeyCredential(account.accountName, account.accountKey);
}

/** The account endpoint as a base for `?query`: `https://acct.blob.core.windows.net/` or Azurite's `http://host:port/acct`. */
export function accountBaseUrl(blobEndpoint: string): string {
  const url = new URL(blobEndpoint);
  return url.pathname === '/' || url.pathname === '' ? `${url.origin}/` : `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The account token cannot be revoked, so its expiry is capped on its own: at most `maxDays` after it
 * starts (or after now, for a start in the past), however long the container tokens live.
 */
export function accountWindow(window: SignedWindow, now: Date, maxDays: number): SignedWindow {
  const cap = Math.max(window.startsOn.getTime(), now.getTime()) + maxDays * 86_400_000;
  return window.expiresOn.getTime() <= cap ? window : { startsOn: window.startsOn, expiresOn: floorToSecond(new Date(cap)) };
}

/** ACCOUNT CONTAINER URL: Find Blobs by Tags only (`ss=b`, `srt=sco`, `sp=f`); it can neither read nor list. */
export function accountSasUrl(account: StorageAccount, window: SignedWindow, ipRange?: IpRange): string {
  const sas = generateAccountSASQueryParameters(
    {
      services: AccountSASServices.parse('b').toString(),
      resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      permissions: AccountSASPermissions.parse('f'),
      startsOn: window.startsOn,
      expiresOn: window.expiresOn,
      protocol: protocolFor(account.blobEndpoint),
      ipRange,
    },
    credential(account),
  ).toString();
  return `${accountBaseUrl(account.blobEndpoint)}?${sas}`;
}

/** A container URL whose token names a stored access policy (`si`): removing the policy revokes it. */
export function containerSasUrl(account: StorageAccount, containerName: string, policyId: string, ipRange?: IpRange): string {
  const sas = generateBlobSASQueryParameters(
    { containerName, identifier: policyId, protocol: protocolFor(account.blobEndpoint), ipRange },
    credential(account),
  ).toString();
  return `${account.blobEndpoint}/${encodeURIComponent(containerName)}?${sas}`;
}

/** A read-only URL for one blob, used for downloads straight from storage. */
export function blobReadSasUrl(
  account: StorageAccount,
  containerName: string,
  blobName: string,
  window: SignedWindow,
  downloadAs?: string,
): string {
  const sas = generateBlobSASQueryParameters(
    {
      containerName,
      blobName,
      permissions: BlobSASPermissions.parse('r'),
      startsOn: window.startsOn,
      expiresOn: window.expiresOn,
      protocol: protocolFor(account.blobEndpoint),
      contentDisposition: downloadAs ? contentDisposition(downloadAs) : undefined,
    },
    credential(account),
  ).toString();
  return `${blobUrl(account.blobEndpoint, containerName, blobName)}?${sas}`;
}

/** A blob's URL: each segment of its name encoded, its slashes kept (so `?`, `#` and `%` are literal). */
export function blobUrl(blobEndpoint: string, containerName: string, blobName: string): string {
  return `${blobEndpoint}/${encodeURIComponent(containerName)}/${blobName.split('/').map(encodeURIComponent).join('/')}`;
}

/** `attachment; filename="…"; filename*=UTF-8''…`, safe for any file name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The parts of a SAS URL the screen and the tests read back. */
export function describeSas(url: string) {
  const q = new URL(url).searchParams;
  return {
    sv: q.get('sv'),
    ss: q.get('ss'),
    srt: q.get('srt'),
    sr: q.get('sr'),
    sp: q.get('sp'),
    si: q.get('si'),
    spr: q.get('spr'),
    st: q.get('st'),
    se: q.get('se'),
    sip: q.get('sip'),
    hasSignature: Boolean(q.get('sig')),
  };
}
