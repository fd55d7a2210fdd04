// Find by tags (a day's CALL recordings), the page as shown (the find, then its rows' details), and
// the details panel's call for one blob.
import { blobUrl } from '../../lib/storage/sas';
import { expectOk, request } from './http';
import { json, log, rows, sideBySide } from './results';
import type { Stack } from './stack';
import { median, ms, timed } from './stats';

function findQuery(s: Stack) {
  const day = (s.recs[Math.floor(s.recs.length / 2)]?.storedTime ?? new Date().toISOString()).slice(0, 10);
  const query = { container: 'recordings', recordingType: 'CALL', storedFrom: `${day}T00:00:00Z`, storedTo: `${day}T23:59:59Z` };
  const where = `@container='recordings' AND RecordingType = 'CALL' AND StoredTime >= '${query.storedFrom}' AND StoredTime < '${query.storedTo}'`;
  return { query, where };
}

export const rawFind = (s: Stack) =>
  request(`${s.blobEndpoint}?comp=blobs&where=${encodeURIComponent(findQuery(s).where)}&maxresults=50&${s.sas}`, 'raw find');

export const consoleFind = async (s: Stack) =>
  JSON.parse(
    await request(`${s.base}/api/blobs/find`, 'console find', {
      method: 'POST',
      headers: { ...s.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: findQuery(s).query, pageSize: 50 }),
    }),
  ) as { blobs: { name: string }[] };

export async function benchFind(s: Stack, runs: number) {
  const size = s.n.toLocaleString('en-US');
  await sideBySide(
    `Find by tags, first page (50 results) of ${size}`,
    () => consoleFind(s),
    () => rawFind(s),
    { runs, serverPid: s.serverPid },
  );
  // What the page shows once complete: the find, then size, dates and every tag of its rows in one
  // batch. Raw Find Blobs by Tags has no such columns, so this figure has no raw counterpart.
  const findWithProperties = async () => {
    const page = await consoleFind(s);
    await expectOk(
      await fetch(`${s.base}/api/blobs/properties`, {
        method: 'POST',
        headers: { ...s.headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ container: 'recordings', names: page.blobs.map((b) => b.name) }),
      }),
      'console properties',
    );
  };
  await findWithProperties();
  const enriched: number[] = [];
  for (let i = 0; i < runs; i++) enriched.push(await timed(findWithProperties));
  rows.push({
    figure: `Find by tags of ${size}, all details of the page: find + sizes, dates and all tags (median)`,
    console: ms(median(enriched)),
    raw: '',
    ratio: '',
    goal: '',
  });
  json[`find with properties ${s.n}`] = { ms: enriched, median: median(enriched) };
  log(`find with properties at ${size}: ${ms(median(enriched))}`);
}

export async function benchDetails(s: Stack, runs: number) {
  const name = s.recs[Math.floor(s.recs.length / 3)]!.name;
  const url = blobUrl(s.blobEndpoint, 'recordings', name);
  // The details panel's one call against what it stands for: the blob's properties and its tags.
  await sideBySide(
    `Details of one blob (properties and tags) in ${s.n.toLocaleString('en-US')}`,
    () =>
      request(`${s.base}/api/blobs/details?${new URLSearchParams({ container: 'recordings', name })}`, 'console details', {
        headers: s.headers,
      }),
    () => Promise.all([request(`${url}?${s.sas}`, 'raw properties', { method: 'HEAD' }), request(`${url}?comp=tags&${s.sas}`, 'raw tags')]),
    { runs, serverPid: s.serverPid },
  );
}
