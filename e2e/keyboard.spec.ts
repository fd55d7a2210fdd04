import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';

// Every job can be done with the keyboard alone: Tab to move, Space and Enter to act, no clicks.

/** The focused element's role-ish kind and its accessible name, as a keyboard user hears it. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', name: '' };
    const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : undefined;
    return { tag: el.tagName.toLowerCase(), name: (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').trim() };
  });
}

/** Presses Tab (or Shift+Tab) until the focus is on `name`; more than `limit` presses is too far for a person. */
async function tabTo(page: Page, name: RegExp, { tag, back = false, limit = 30 }: { tag?: string; back?: boolean; limit?: number } = {}) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (name.test(f.name) && (!tag || f.tag === tag)) return;
  }
  throw new Error(`${limit} presses of ${back ? 'Shift+Tab' : 'Tab'} did not reach ${name}`);
}

test('generates tokens, then finds a folder and downloads two recordings as a zip, all with the keyboard', async ({ page }) => {
  await page.goto('/blob-storage');
  await expect(page.getByLabel('Initiation Date')).not.toHaveValue('');

  await tabTo(page, /^Revoke existing tokens$/, { tag: 'input' });
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Revoke existing tokens')).toBeChecked();
  await tabTo(page, /^Generate new tokens$/, { tag: 'button' });
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('RECORDINGS CONTAINER URL')).toHaveValue(/sig=/);

  await tabTo(page, /^Recordings$/, { tag: 'a', back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Recordings', level: 1 })).toBeVisible();
  await tabTo(page, /mytenant\/$/, { tag: 'button' });
  await page.keyboard.press('Enter');
  await expect(page.locator('table.blob-table tbody tr')).toHaveCount(50);

  const rows = page.locator('table.blob-table tbody tr');
  const names = [
    await rows.nth(0).locator('.blob-name').getAttribute('title'),
    await rows.nth(1).locator('.blob-name').getAttribute('title'),
  ] as string[];
  for (const name of names) {
    await tabTo(page, new RegExp(`^Select ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), { tag: 'input' });
    await page.keyboard.press('Space');
  }
  await expect(page.getByText('2 selected across pages')).toBeVisible();
  // The zip button sits with the selection, a few presses away, not behind every row of the page.
  await tabTo(page, /^Download 2 selected .* as zip$/, { tag: 'button', back: true, limit: 15 });
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const entries = unzipSync(new Uint8Array(await readFile((await (await download).path())!)));
  expect(Object.keys(entries).sort()).toEqual([...names].sort());
});
