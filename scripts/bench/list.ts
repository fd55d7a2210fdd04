// Listing a folder: the first page, and a page deep into the container.
import { TENANT } from './args';
import { request } from './http';
import { json, rows, sideBySide } from './results';
import { median, ms, pct, timed } from './stats';
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

/**
 * The console's own floor: a signed-in API request that reaches no storage. Its session is read and
 * its query checked by the shared schema, which refuses it (an unknown container: 400).
 */
async function benchFloor(s: Stack, runs: number) {
  const refused = () => request(`${s.base}/api/blobs?container=no-such-container`, 'floor', { headers: s.headers, status: 400 });
  const times: number[] = [];
  for (let i = 0; i < 10; i++) await refused();
  for (let i = 0; i < Math.max(50, runs * 10); i++) times.push(await timed(refused));
  const figure = 'A signed-in API request that reaches no storage (session read, query refused by the schema), p50 / p95';
  rows.push({ figure, console: `${ms(median(times))} / ${ms(pct(times, 95))}`, raw: '', ratio: '', goal: '' });
  json[`floor ${s.n}`] = { p50Ms: median(times), p95Ms: pct(times, 95) };
}

export async function benchList(s: Stack, runs: number) {
  const size = s.n.toLocaleString('en-US');
  await benchFloor(s, runs);
  await sideBySide(
    `List, first page (100 blobs) of ${size}`,
    () => consoleList(s),
    () => rawList(s),
    { runs, serverPid: s.serverPid },
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
    { runs, serverPid: s.serverPid },
  );
}
