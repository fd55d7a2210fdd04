import 'server-only';
// One entity inserted into an Azure Table (Insert Entity), sent as the Tables SDK sends it (the same
// headers, body and Shared Key Lite signature; lib/storage/shared-key.test.ts compares them), through
// the console's plain storage calls. Every console action waits for its audit record, and the SDK's
// pipeline cost more CPU than the call itself.
import { RestError } from '@azure/storage-blob';
import { env } from '../env';
import { responseText, storageResponse } from '../storage/rest';
import { BUSY_RETRY_MS, accountKey } from '../storage/server-calls';
import { tableSharedKeyLite } from '../storage/shared-key';

/** The Table service version and headers the Tables SDK (13.x) sends with Insert Entity. */
export const TABLE_INSERT_HEADERS = {
  'content-type': 'application/json;odata=nometadata',
  accept: 'application/json;odata=minimalmetadata',
  'x-ms-version': '2019-02-02',
  dataserviceversion: '3.0',
  prefer: 'return-no-content',
} as const;

export type TableEntity = { partitionKey: string; rowKey: string } & Record<string, string | undefined>;

/** The request body: the keys as the service names them, then the properties (those undefined left out). */
export function entityJson({ partitionKey, rowKey, ...properties }: TableEntity): string {
  return JSON.stringify({ PartitionKey: partitionKey, RowKey: rowKey, ...properties });
}

/** The insert's URL, headers and body, signed at `date` (an HTTP date, as x-ms-date carries it). */
export function tableInsertRequest(
  storage: { tableEndpoint: string; accountName: string; accountKey: string },
  table: string,
  entity: TableEntity,
  date: string,
) {
  const url = `${storage.tableEndpoint.replace(/\/+$/, '')}/${table}`;
  const body = entityJson(entity);
  const headers: Record<string, string> = {
    ...TABLE_INSERT_HEADERS,
    'x-ms-date': date,
    'content-length': String(Buffer.byteLength(body)),
  };
  headers.authorization = tableSharedKeyLite(storage.accountName, accountKey(storage), new URL(url), date);
  return { url, headers, body };
}

/** Answers worth one more try, as the SDK's retry policy had them: a timeout, throttling, a busy or failing gateway or service. */
const RETRIED = new Set([408, 429, 500, 502, 503, 504]);

/** The Table service's error code: in a header, or in its JSON error body. */
export function tableErrorCode(headers: Record<string, string | string[] | undefined>, body: string): string | undefined {
  const header = headers['x-ms-error-code'];
  if (typeof header === 'string' && header) return header;
  try {
    const code = (JSON.parse(body) as { 'odata.error'?: { code?: unknown } })['odata.error']?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Inserts one entity, within the storage time limit and whether or not the client that caused it
 * is still there. Tried once more when storage could not be reached or answered that it is busy or
 * failing (408, 429, 500, 502, 503, 504), as the SDK did (one retry); on that second try, the
 * entity "already exists" means the first try got in (the keys are the caller's own and unique), so
 * it counts as written. Any other conflict (the table being deleted) is a failure.
 */
export async function insertEntity(table: string, entity: TableEntity): Promise<void> {
  const { storage } = env();
  for (let attempt = 1; ; attempt++) {
    try {
      const { url, headers, body } = tableInsertRequest(storage, table, entity, new Date().toUTCString());
      const response = await storageResponse(url, { method: 'POST', headers, body, ok: [204, 409] });
      const text = await responseText(response);
      if (response.statusCode === 204) return;
      const code = tableErrorCode(response.headers, text);
      if (attempt > 1 && code === 'EntityAlreadyExists') return;
      throw new RestError(`The table service answered 409 (${code ?? 'no code'}).`, { statusCode: 409, code });
    } catch (error) {
      const busy = error instanceof RestError && RETRIED.has(error.statusCode ?? 0);
      const unreached = !(error instanceof RestError) && !(error instanceof Error && error.name === 'TimeoutError');
      if (attempt > 1 || !(busy || unreached)) throw error;
      if (busy) await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
  }
}
