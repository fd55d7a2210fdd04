// The reference page's curl examples, filled with the URLs just generated.
import type { ContainerOutcome } from '@/lib/validations/token';

type Input = {
  accountUrl: string;
  containers: ContainerOutcome[];
  exampleBlob?: { container: string; name: string };
  findByTags?: boolean;
};

const DAY = 86_400_000;

/** encodeURIComponent, plus the characters it leaves that a shell may still act on (`!` in double quotes). */
function strictEncode(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Inserts a path after a SAS URL's container (`…/recordings?sv=…` → `…/recordings/a/b.bin?sv=…`). */
export function blobUrl(containerUrl: string, blobName: string): string {
  const at = containerUrl.indexOf('?');
  const path = blobName.split('/').map(strictEncode).join('/');
  return `${containerUrl.slice(0, at)}/${path}${containerUrl.slice(at)}`;
}

/** The --output name: the blob's last segment, limited to characters no shell treats specially. */
export function outputFileName(blobName: string): string {
  const safe = (blobName.split('/').pop() ?? '').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.-]+/, '');
  return safe || 'blob.bin';
}

export function findWhere(container: string, now: Date): string {
  const day = (d: Date) => `${d.toISOString().slice(0, 10)}T00:00:00Z`;
  const from = day(new Date(now.getTime() - 7 * DAY));
  const to = day(new Date(now.getTime() + DAY));
  return `@container='${container}' AND RecordingType = 'CALL' AND StoredTime >= '${from}' AND StoredTime < '${to}'`;
}

export function curlCommands({ accountUrl, containers, exampleBlob, findByTags }: Input, now = new Date()) {
  const recordings =
    containers.find((c) => c.container === 'recordings' && c.status === 'issued') ?? containers.find((c) => c.status === 'issued');
  const commands: { title: string; command: string }[] = [];
  if (recordings?.status === 'issued') {
    commands.push({
      title: `List the ${recordings.container} container`,
      command: `curl --request GET "${recordings.url}&restype=container&comp=list"`,
    });
    // Only a name from the container whose URL the command uses (the recordings token may have failed).
    const blob = exampleBlob?.container === recordings.container ? exampleBlob.name : '<blob name>';
    const file = outputFileName(blob);
    commands.push({
      title: 'Download a blob',
      command: `curl --request GET "${blobUrl(recordings.url, blob)}" --output "${file}"`,
    });
  }
  if (findByTags && recordings?.status === 'issued') {
    // Container-level Find Blobs by Tags: no @container, the URL's container is the scope.
    const where = findWhere(recordings.container, now).replace(/^@container='[^']*' AND /, '');
    commands.push({
      title: `Find CALL recordings stored in the last 7 days with the ${recordings.container.toUpperCase()} URL (stops working when revoked)`,
      command: `curl --request GET "${recordings.url}&restype=container&comp=blobs&where=${encodeURIComponent(where)}"`,
    });
  }
  commands.push({
    title: 'Find CALL recordings stored in the last 7 days (Find Blobs by Tags)',
    command: `curl --request GET "${accountUrl}&comp=blobs&where=${encodeURIComponent(findWhere(recordings?.container ?? 'recordings', now))}"`,
  });
  return commands;
}
