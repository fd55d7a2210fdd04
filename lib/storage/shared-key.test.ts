import { BlobServiceClient, StorageSharedKeyCredential, newPipeline } from '@azure/storage-blob';
import { describe, expect, it } from 'vitest';
import { sharedKeyAuthorization, stringToSign } from './shared-key';

const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

type Sent = { method: string; url: string; headers: Record<string, string> };

/** What the Azure SDK sends for one call, captured instead of sent. */
async function sdkSends(endpoint: string, call: (service: BlobServiceClient) => Promise<unknown>): Promise<Sent> {
  let sent: Sent | undefined;
  const httpClient = {
    async sendRequest(request: { method: string; url: string; headers: { headersArray(): { name: string; value: string }[] } }) {
      sent = {
        method: request.method,
        url: request.url,
        headers: Object.fromEntries(request.headers.headersArray().map((h) => [h.name.toLowerCase(), h.value])),
      };
      return { status: 500, headers: request.headers, request, bodyAsText: '' };
    },
  };
  const pipeline = newPipeline(new StorageSharedKeyCredential(ACCOUNT, KEY), {
    httpClient: httpClient as never,
    retryOptions: { maxTries: 1 },
  });
  await call(new BlobServiceClient(endpoint, pipeline)).catch(() => undefined);
  if (!sent) throw new Error('the SDK sent nothing');
  return sent;
}

function ours(sent: Sent): string {
  const { authorization, ...headers } = sent.headers;
  void authorization;
  return sharedKeyAuthorization(ACCOUNT, Buffer.from(KEY, 'base64'), sent.method, new URL(sent.url), headers);
}

describe('Shared Key signing', () => {
  for (const endpoint of [`http://127.0.0.1:10000/${ACCOUNT}`, `https://${ACCOUNT}.blob.core.windows.net`]) {
    it(`signs as the Azure SDK does (${endpoint.startsWith('http:') ? 'the emulator' : 'Azure'}): Get and Set Container ACL, Lease Blob`, async () => {
      const calls: ((s: BlobServiceClient) => Promise<unknown>)[] = [
        (s) => s.getContainerClient('recordings').getAccessPolicy(),
        (s) =>
          s.getContainerClient('gim-export').setAccessPolicy(undefined, [
            {
              id: 'bsc-1',
              accessPolicy: {
                startsOn: new Date('2026-12-01T10:00:00Z'),
                expiresOn: new Date('2026-12-03T10:00:00Z'),
                permissions: 'rl',
              },
            },
          ]),
        (s) =>
          s
            .getContainerClient('console-locks')
            .getBlobClient('tokens')
            .getBlobLeaseClient('2b9e0c1e-0000-4000-8000-000000000001')
            .acquireLease(30),
        (s) =>
          s
            .getContainerClient('console-locks')
            .getBlobClient('tokens')
            .getBlobLeaseClient('2b9e0c1e-0000-4000-8000-000000000001')
            .releaseLease(),
      ];
      for (const call of calls) {
        const sent = await sdkSends(endpoint, call);
        expect(sent.headers.authorization).toMatch(/^SharedKey devstoreaccount1:/);
        expect(ours(sent)).toBe(sent.headers.authorization);
      }
    });
  }

  it('builds the documented string to sign: empty zero length, x-ms headers sorted, query names lower-cased and sorted', () => {
    const url = new URL('https://acct.blob.core.windows.net/recordings?restype=container&COMP=acl');
    expect(
      stringToSign('acct', 'PUT', url, {
        'x-ms-version': '2021-12-02',
        'x-ms-date': 'Wed, 02 Dec 2026 12:00:00 GMT',
        'content-length': '0',
      }),
    ).toBe(
      'PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Wed, 02 Dec 2026 12:00:00 GMT\nx-ms-version:2021-12-02\n/acct/recordings\ncomp:acl\nrestype:container',
    );
  });
});
