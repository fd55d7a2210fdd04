// Shared Key authorization for the calls a SAS cannot make (a container's stored access policies
// are the account owner's alone): the Blob service's string to sign, as the Azure SDK builds it
// (https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key); and the Table
// service's Shared Key Lite, for the audit trail's inserts. Pure.
import { createHmac } from 'node:crypto';

const STANDARD = ['content-encoding', 'content-language', 'content-length', 'content-md5', 'content-type', 'date'] as const;
const CONDITIONS = ['if-modified-since', 'if-match', 'if-none-match', 'if-unmodified-since', 'range'] as const;

/**
 * The string to sign for one request; `headers` are keyed in lower case and must include x-ms-date.
 * Names are sorted by code unit and query values decoded as URLSearchParams does (`+` as a space):
 * the same as Azure's rules for what the console sends (lower-case ASCII names, no `+` in a value),
 * not for any request.
 */
export function stringToSign(account: string, method: string, url: URL, headers: Record<string, string>): string {
  const standard = STANDARD.map((name) => {
    const value = headers[name] ?? '';
    // Since version 2015-02-21 a zero length is signed as empty.
    return name === 'content-length' && value === '0' ? '' : value;
  });
  const conditions = CONDITIONS.map((name) => headers[name] ?? '');
  const msHeaders = Object.keys(headers)
    .filter((name) => name.startsWith('x-ms-'))
    .sort()
    .map((name) => `${name}:${headers[name]!.trim()}\n`)
    .join('');
  const params = new Map<string, string[]>();
  for (const [name, value] of url.searchParams) {
    const key = name.toLowerCase();
    params.set(key, [...(params.get(key) ?? []), value]);
  }
  const query = [...params.keys()]
    .sort()
    .map((name) => `\n${name}:${params.get(name)!.sort().join(',')}`)
    .join('');
  // The path as the URL has it: on the emulator it starts with the account too (/account/account/…), as the SDK signs it.
  const resource = `/${account}${url.pathname}${query}`;
  return [method, ...standard, ...conditions].join('\n') + '\n' + msHeaders + resource;
}

/** The Authorization header's value for one request. */
export function sharedKeyAuthorization(account: string, key: Buffer, method: string, url: URL, headers: Record<string, string>): string {
  const signature = createHmac('sha256', key)
    .update(stringToSign(account, method, url, headers), 'utf8')
    .digest('base64');
  return `SharedKey ${account}:${signature}`;
}

/**
 * The Table service's Shared Key Lite Authorization, as the Tables SDK signs: the date (x-ms-date)
 * and the canonical resource, `/account` and the path (on the emulator it starts with the account
 * too), and only `comp` of the query.
 */
export function tableSharedKeyLite(account: string, key: Buffer, url: URL, date: string): string {
  const comp = url.searchParams.get('comp');
  const resource = `/${account}${url.pathname || '/'}${comp ? `?comp=${comp}` : ''}`;
  const signature = createHmac('sha256', key).update(`${date}\n${resource}`, 'utf8').digest('base64');
  return `SharedKeyLite ${account}:${signature}`;
}
