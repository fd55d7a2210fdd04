// The console in Chromium: the token form's cold load and each page's first-load JavaScript.
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { TENANT } from './args';
import { json, log, rows } from './results';
import { median, ms } from './stats';

export async function benchBrowser(base: string, cookie: string, runs: number) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const [name, value] = cookie.split('=') as [string, string];
  const state = {
    cookies: [{ name, value, domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' as const }],
    origins: [],
  };
  // The token form first: visiting /recordings starts listings that a large emulator may still be
  // working through (abandoned, it cannot cancel them) when the next page loads.
  const usable: number[] = [];
  const firstByte: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ storageState: state });
    const tab = await context.newPage();
    const t = performance.now();
    await tab.goto(`${base}/blob-storage`);
    await tab.waitForFunction(() => (document.getElementById('initiation') as HTMLInputElement | null)?.value !== '');
    usable.push(performance.now() - t);
    // Where the time went: the server's first byte of the page, from the browser's navigation timing.
    firstByte.push(await tab.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart));
    await context.close();
  }
  rows.push({
    figure: "Token form usable, cold load in Chromium (median; of which the page's first byte)",
    console: `${ms(median(usable))} (${ms(median(firstByte))})`,
    raw: '',
    ratio: '',
    goal: '',
  });
  json.tokenFormUsableMs = usable;
  json.tokenFormFirstByteMs = firstByte;
  log(`token form usable after ${ms(median(usable))}, first byte after ${ms(median(firstByte))}`);
  for (const page of ['/blob-storage', '/recordings']) {
    const context = await browser.newContext({ storageState: state });
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
    // The Recordings page opens on the tenant's folder: its scripts are the same for any folder, and
    // the emulator takes minutes over a delimiter listing of the container root at 100,000 blobs
    // (which it goes on computing after the console has given up), starving the phases after this.
    await tab.goto(`${base}${page}${page === '/recordings' ? `?prefix=${TENANT}%2F` : ''}`, { waitUntil: 'networkidle' });
    const kb = (await Promise.all(scripts)).reduce((a, b) => a + b, 0) / 1024;
    rows.push({
      figure: `First-load JavaScript of ${page} (gzip)`,
      console: `${kb.toFixed(1)} KB`,
      raw: '',
      ratio: '',
      goal: '≤ 180 KB',
      met: kb <= 180,
    });
    json[`firstLoadJs ${page}`] = { gzipKB: kb };
    log(`first-load JS ${page}: ${kb.toFixed(1)} KB gzip`);
    await context.close();
  }
  await browser.close();
}
