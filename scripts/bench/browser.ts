// The bench's Chromium figures: the token form's cold load, a find by tags as a person sees it
// (first rows, then every size and date), and the first-load JavaScript of each page. Figures are
// returned as rows for the report, never asserted.
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContextOptions } from '@playwright/test';
import { TENANT } from './args';
import { rawFind } from './find';
import { json, log, rows } from './results';
import type { Stack } from './stack';
import { median, ms, timed } from './stats';

export type BrowserRow = { figure: string; console: string; raw: string; ratio: string; goal: string; met?: boolean };
type StorageState = Exclude<BrowserContextOptions['storageState'], string | undefined>;

export type BrowserBenchOptions = {
  /** The console under test, e.g. http://127.0.0.1:3000. */
  base: string;
  /** A signed-in administrator: a Playwright storage state, or the session cookie (`name=value`). */
  signedIn: StorageState | { cookie: string };
  /** The find to run: a RecordingType and a StoredTime range in UTC (`YYYY-MM-DDTHH:mm`). */
  find: { recordingType: string; from: string; to: string };
  /** The raw Find Blobs by Tags call's median for the same query in the same run, in ms. */
  rawFindMs?: number;
  /** A folder for the Recordings page's script figure (the container root can take the emulator minutes). */
  recordingsPrefix: string;
  runs: number;
  log?: (message: string) => void;
};

export type BrowserBenchResult = { rows: BrowserRow[]; json: Record<string, unknown> };

// In-page timers, given as source text: the bench runs through tsx, whose helpers a function
// passed to page.evaluate would carry into the page without their definitions.
const UNTIL_FORM_USABLE = `new Promise((resolve) => {
  const check = () => (document.getElementById('initiation')?.value ? resolve(performance.now()) : requestAnimationFrame(check));
  check();
})`;
// Clicks Find blobs, then times the first result row and the moment the table stops saying aria-busy
// (every size and date shown), each once its frame is drawn: a requestAnimationFrame callback runs
// before that frame's style, layout and paint, so the time is taken in a task queued from it, which
// runs after them. (Until 2026-12-02 the bench took the time in the callback itself, before the
// frame's layout and paint: 10–100 ms earlier on this machine.) Also returned: the find request's
// own span (click to the response's last byte, from Resource Timing), the part no rendering can cut.
// A failure alert or no rows within 30 s rejects.
const FIND_AS_SHOWN = `new Promise((resolve, reject) => {
  const start = performance.now();
  const drawn = (fn) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = fn; c.port2.postMessage(0); });
  let rows = 0;
  let rowsInFrame = 0;
  const look = () => {
    const table = document.querySelector('table.blob-table');
    const alert = document.querySelector('[role="alert"]');
    if (alert) return reject(new Error('the find failed: ' + alert.textContent));
    if (performance.now() - start > 30000) return reject(new Error('no result rows within 30 s'));
    if (table && table.querySelector('tbody tr')) {
      rows ||= performance.now() - start;
      if (table.getAttribute('aria-busy') !== 'true') {
        const find = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/blobs/find') && e.startTime >= start);
        return resolve({ rows, rowsInFrame, details: performance.now() - start, request: find ? find.responseEnd - start : 0 });
      }
    }
    drawn(look);
  };
  const inFrame = () => {
    if (document.querySelector('table.blob-table tbody tr')) rowsInFrame = performance.now() - start;
    else requestAnimationFrame(inFrame);
  };
  document.querySelector('form.find-panel button[type="submit"]').click();
  drawn(look);
  requestAnimationFrame(inFrame);
})`;

const FIRST_LOAD_GOAL_KB = 160;

function stateOf(signedIn: BrowserBenchOptions['signedIn'], base: string): StorageState {
  if (!('cookie' in signedIn)) return signedIn;
  const [name, value] = signedIn.cookie.split(/=(.*)/s) as [string, string];
  const domain = new URL(base).hostname;
  return { cookies: [{ name, value, domain, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' }], origins: [] };
}

export async function browserFigures(opts: BrowserBenchOptions): Promise<BrowserBenchResult> {
  const say = opts.log ?? (() => undefined);
  const state = stateOf(opts.signedIn, opts.base);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const figures: BrowserRow[] = [];
  const data: Record<string, unknown> = {};
  try {
    // The token form first: visiting /recordings starts listings that a large emulator may still be
    // working through (abandoned, it cannot cancel them) when the next page loads.
    const cold = await coldLoad(browser, state, opts);
    figures.push({
      figure: "Token form usable, cold load in Chromium (median; of which the page's first byte)",
      console: `${ms(median(cold.usable))} (${ms(median(cold.firstByte))})`,
      raw: '',
      ratio: '',
      goal: '≤ 500 ms',
      met: median(cold.usable) <= 500,
    });
    data.tokenFormUsableMs = cold.usable;
    data.tokenFormFirstByteMs = cold.firstByte;
    say(`token form usable after ${ms(median(cold.usable))}, first byte after ${ms(median(cold.firstByte))}`);

    const found = await findAsShown(browser, state, opts);
    const raw = opts.rawFindMs;
    for (const [figure, times, goal] of [
      ['Find by tags in Chromium: the find request alone, click to its last byte (median)', found.request, undefined],
      ['Find by tags in Chromium: first rows visible, drawn (median)', found.rows, 1.25],
      ['Find by tags in Chromium: first rows in the DOM, the old yardstick (median)', found.rowsInFrame, undefined],
      ['Find by tags in Chromium: all sizes and dates shown (median)', found.details, 2],
    ] as const) {
      const ratio = raw ? median(times) / raw : undefined;
      figures.push({
        figure,
        console: `${ms(median(times))}${raw ? ` (+${(median(times) - raw).toFixed(1)} ms)` : ''}`,
        raw: raw ? ms(raw) : '',
        ratio: ratio ? ratio.toFixed(2) : '',
        goal: goal ? `≤ ${goal}` : '',
        ...(ratio && goal ? { met: ratio <= goal } : {}),
      });
      say(`${figure}: ${ms(median(times))}${ratio ? `, ${ratio.toFixed(2)} of raw` : ''}`);
    }
    data.findRequestMs = found.request;
    data.findFirstRowsMs = found.rows;
    data.findFirstRowsInDomMs = found.rowsInFrame;
    data.findAllDetailsMs = found.details;

    for (const page of [
      '/sign-in',
      '/blob-storage',
      `/recordings?prefix=${encodeURIComponent(opts.recordingsPrefix)}`,
      '/interactions',
      '/audit',
    ]) {
      const kb = await firstLoadKB(browser, page === '/sign-in' ? undefined : state, opts.base + page);
      const name = page.split('?')[0]!;
      figures.push({
        figure: `First-load JavaScript of ${name} (gzip)`,
        console: `${kb.toFixed(1)} KB`,
        raw: '',
        ratio: '',
        goal: `≤ ${FIRST_LOAD_GOAL_KB} KB`,
        met: kb <= FIRST_LOAD_GOAL_KB,
      });
      data[`firstLoadJs ${name}`] = { gzipKB: kb };
      say(`first-load JS ${name}: ${kb.toFixed(1)} KB gzip`);
    }
  } finally {
    await browser.close();
  }
  return { rows: figures, json: data };
}

/** From navigation to a token form whose dates are filled in (the form's defaults come from the browser's clock). */
async function coldLoad(browser: Browser, state: StorageState, opts: BrowserBenchOptions) {
  const usable: number[] = [];
  const firstByte: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const context = await browser.newContext({ storageState: state });
    const tab = await context.newPage();
    await tab.goto(`${opts.base}/blob-storage`, { waitUntil: 'commit' });
    // Timed in the page, from the navigation's start, so the test driver's polling is not counted.
    usable.push(await tab.evaluate<number>(UNTIL_FORM_USABLE));
    firstByte.push(await tab.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart));
    await context.close();
  }
  return { usable, firstByte };
}

/**
 * A find run from the Recordings page's query builder, timed in the page from the Find button's
 * click: until the first result row is drawn, and until no cell waits for its size or date. Each
 * run is a fresh page, so nothing comes from the browser's query cache.
 */
async function findAsShown(browser: Browser, state: StorageState, opts: BrowserBenchOptions) {
  const firstRows: number[] = [];
  const inDom: number[] = [];
  const requests: number[] = [];
  const details: number[] = [];
  const context = await browser.newContext({ storageState: state });
  try {
    for (let i = 0; i < opts.runs + 1; i++) {
      const tab = await context.newPage();
      // As a person would: the page settled (its RecordingType values read) before the query is built.
      await tab.goto(`${opts.base}/recordings?container=recordings&mode=find`, { waitUntil: 'networkidle' });
      await tab.getByLabel('RecordingType').selectOption(opts.find.recordingType);
      await tab.getByLabel('StoredTime from').fill(opts.find.from);
      await tab.getByLabel('StoredTime to').fill(opts.find.to);
      const t = await tab.evaluate<{ rows: number; rowsInFrame: number; details: number; request: number }>(FIND_AS_SHOWN);
      // The first run warms the server's routes and the emulator: not counted.
      if (i > 0) {
        firstRows.push(t.rows);
        inDom.push(t.rowsInFrame);
        requests.push(t.request);
        details.push(t.details);
      }
      await tab.close();
    }
  } finally {
    await context.close();
  }
  return { rows: firstRows, rowsInFrame: inDom, request: requests, details };
}

/** The gzip size of every script a page loads until the network is idle. */
async function firstLoadKB(browser: Browser, state: StorageState | undefined, url: string): Promise<number> {
  const context = await browser.newContext(state ? { storageState: state } : {});
  try {
    const tab = await context.newPage();
    const scripts: Promise<number>[] = [];
    tab.on('response', (r) => {
      if (r.request().resourceType() === 'script')
        scripts.push(
          r
            .body()
            .then((b) => gzipSync(b, { level: 9 }).length)
            .catch(() => 0),
        );
    });
    await tab.goto(url, { waitUntil: 'networkidle' });
    return (await Promise.all(scripts)).reduce((a, b) => a + b, 0) / 1024;
  } finally {
    await context.close();
  }
}

/**
 * The bench's browser phase on a stack: the raw find's median for the same query in this run (the
 * yardstick of the find figures), then every Chromium figure into the run's table and JSON.
 */
export async function benchBrowser(s: Stack, runs: number) {
  const day = (s.recs[Math.floor(s.recs.length / 2)]?.storedTime ?? new Date().toISOString()).slice(0, 10);
  await rawFind(s);
  const raw: number[] = [];
  for (let i = 0; i < runs; i++) raw.push(await timed(() => rawFind(s)));
  const measured = await browserFigures({
    base: s.base,
    signedIn: { cookie: s.cookie },
    // The find phase's query: a day's CALL recordings (to 23:59, the builder's last minute).
    find: { recordingType: 'CALL', from: `${day}T00:00`, to: `${day}T23:59` },
    rawFindMs: median(raw),
    recordingsPrefix: `${TENANT}/`,
    runs,
    log,
  });
  rows.push(...measured.rows);
  Object.assign(json, measured.json, { browserRawFindMs: raw });
}
