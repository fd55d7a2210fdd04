import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { E2E } from './ports';
import { generateTokens, gimExportZip } from './helpers';

// Every page holds from 360 px phones to 1440 px desktops: nothing sticks out of the page (wide
// tables scroll inside their card), nothing in the header overlaps, the navigation folds into a
// menu button on narrow screens, and the details panel stacks below the table.

const WIDTHS = [360, 390, 1280, 1440];

/** What does not fit: the page scrolling sideways, elements outside the viewport, header items on top of each other. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    // Emoji need a font many machines lack (an empty box then): icons are SVG.
    const emoji = document.body.innerText.match(/\p{Emoji_Presentation}/u);
    if (emoji) problems.push(`emoji in the text: ${emoji[0]}`);
    if (document.documentElement.scrollWidth > width + 1)
      problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('.visually-hidden, .skip-link')) continue;
      if ((r.right > width + 1 || r.left < -1) && !clipped(el))
        problems.push(`${name(el)} sticks out: ${Math.round(r.left)}..${Math.round(r.right)} of ${width}`);
    }
    const items = [
      ...document.querySelectorAll('.app-header .product, .app-header a, .app-header button, .app-header .user > span'),
    ].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    });
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const [a, b] = [items[i]!.getBoundingClientRect(), items[j]!.getBoundingClientRect()];
        if (items[i]!.contains(items[j]!) || items[j]!.contains(items[i]!)) continue;
        const overlap =
          Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
        if (overlap) problems.push(`${name(items[i]!)} overlaps ${name(items[j]!)}`);
      }
    }
    return problems;
  });
}

async function check(page: Page, info: TestInfo, state: string, width: number) {
  await page.screenshot({ path: info.outputPath(`${state}-${width}.png`), fullPage: true });
  expect(await layoutProblems(page), `${state} at ${width} px`).toEqual([]);
}

for (const width of WIDTHS) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 860 } });

    test('sign-in, Blob Storage and Audit fit', async ({ page, browser }, info) => {
      const anonymous = await browser.newContext({
        storageState: { cookies: [], origins: [] },
        viewport: { width, height: 860 },
        baseURL: E2E.baseURL,
      });
      const signIn = await anonymous.newPage();
      await signIn.goto('/sign-in');
      await expect(signIn.getByLabel('Username')).toBeVisible();
      await check(signIn, info, 'sign-in', width);
      await anonymous.close();

      await page.goto('/blob-storage');
      await expect(page.getByText('No tokens generated yet').first()).toBeVisible();
      await check(page, info, 'blob-storage', width);
      await generateTokens(page, { revoke: true });
      await check(page, info, 'blob-storage-generated', width);

      await page.goto('/audit');
      await expect(page.locator('table.audit-table tbody tr').first()).toBeVisible();
      await check(page, info, 'audit', width);
    });

    test('navigation folds into a menu button on narrow screens', async ({ page }, info) => {
      await page.goto('/recordings');
      const menu = page.getByRole('button', { name: 'Menu' });
      if (width > 880) {
        await expect(menu).toBeHidden();
        await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit' })).toBeVisible();
        return;
      }
      await expect(menu).toHaveAttribute('aria-expanded', 'false');
      await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeHidden();
      await menu.press('Enter');
      await expect(menu).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
      await check(page, info, 'menu-open', width);
      await page.getByRole('link', { name: 'Audit' }).click();
      await expect(page).toHaveURL(/\/audit/);
      await expect(page.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'false');
    });

    test('Recordings browse, find and details fit, with the table whole or scrolling in its card', async ({ page }, info) => {
      await page.goto('/recordings');
      await expect(page.getByRole('button', { name: 'mytenant/', exact: true })).toBeVisible();
      await check(page, info, 'recordings-root', width);
      await page.goto('/recordings?prefix=mytenant%2F');
      await expect(page.locator('table.blob-table tbody tr')).toHaveCount(50);
      await check(page, info, 'recordings-browse', width);
      await page.goto('/recordings?mode=find&type=CALL');
      await expect(page.locator('table.blob-table tbody tr')).toHaveCount(50);
      await check(page, info, 'recordings-find', width);

      const csv = await gimExportZip();
      await page.goto(`/recordings?container=gim-export&prefix=${encodeURIComponent(csv.folder)}`);
      await page.getByRole('button', { name: csv.name.slice(csv.folder.length) }).click();
      const details = page.getByRole('complementary', { name: 'Blob details' });
      await expect(details.locator('.preview-csv table tbody tr').first()).toBeVisible();
      await check(page, info, 'recordings-details', width);

      await page.goto('/recordings?prefix=mytenant%2F');
      await page.locator('table.blob-table tbody .blob-name').first().click();
      await expect(details.getByText('Properties')).toBeVisible();
      await check(page, info, 'recordings-details-recording', width);
      const table = page.locator('.browser-main .table-scroll');
      const [tableBox, detailsBox] = [await table.boundingBox(), await details.boundingBox()];
      if (width < 1280) {
        expect(detailsBox!.y, 'the details panel stacks below the table').toBeGreaterThanOrEqual(tableBox!.y + tableBox!.height);
      } else {
        // Beside the table, which still shows every column whole.
        expect(detailsBox!.x).toBeGreaterThanOrEqual(tableBox!.x + tableBox!.width);
        expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
      }
    });
  });
}
