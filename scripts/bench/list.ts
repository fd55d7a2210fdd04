// Listing a folder: the first page, and a page deep into the container.
import { TENANT } from './args';
import { request } from './http';
import { sideBySide } from './results';
import type { Stack } from './stack';

export const rawList = (s: Stack, marker = '') =>
  request(
    `${s.blobEndpoint}/recordings?restype=container&comp=list&prefix=${TENANT}%2F&delimiter=%2F&include=tags&maxresults=100${marker ? `&marker=${encodeURIComponent(marker)}` : ''}&${s.sas}`,
    'raw list',
  );

export const consoleList = async (s: Stack, marker = '') =>
  JSON.parse(
    await request(
      `${s.base}/api/blobs?container=recordings&prefix=${TENANT}%2F&pageSize=100&marker=${encodeURIComponent(marker)}`,
      'console list',
      {
        headers: s.headers,
      },
    ),
  ) as unknown;

export async function benchList(s: Stack, runs: number) {
  const size = s.n.toLocaleString('en-US');
  await sideBySide(
    `List, first page (100 blobs) of ${size}`,
    () => consoleList(s),
    () => rawList(s),
    { runs },
  );
  const depth = Math.min(50_000, s.n - 100);
  let deep = '';
  for (let seen = 0; seen < depth; seen += 5000) {
    const xml = await request(
      `${s.blobEndpoint}/recordings?restype=container&comp=list&prefix=${TENANT}%2F&maxresults=${Math.min(5000, depth - seen)}${deep ? `&marker=${encodeURIComponent(deep)}` : ''}&${s.sas}`,
      'raw list',
    );
    deep = /<NextMarker>([^<]*)<\/NextMarker>/.exec(xml)?.[1] ?? '';
  }
  await sideBySide(
    `List, a page after ${depth.toLocaleString('en-US')} blobs of ${size}`,
    () => consoleList(s, deep),
    () => rawList(s, deep),
    { runs },
  );
}
