import { expect, test, type Page } from '@playwright/test';
import { formReady } from './helpers';

// Chromium lists legacy zone ids (Asia/Calcutta, Europe/Kiev, Asia/Saigon); people type today's names.

const CASES = [
  { typed: 'Kolkata', id: 'Asia/Kolkata' },
  { typed: 'kyiv', id: 'Europe/Kyiv' },
  { typed: 'Ho Chi Minh', id: 'Asia/Ho_Chi_Minh' },
  { typed: 'Calcutta', id: 'Asia/Kolkata' },
];

async function pick(page: Page, label: string, typed: string, id: string) {
  const box = page.getByLabel(label);
  await box.fill(typed);
  const option = page.getByRole('option', { name: new RegExp(`\\(${id.replace('/', '\\/')}\\)$`) });
  await expect(option).toHaveCount(1);
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect(box).toHaveValue(new RegExp(`\\(${id.replace('/', '\\/')}\\)$`));
}

test('the token form finds zones by current and legacy names, long name and offset, and signs with them', async ({ page }) => {
  await page.goto('/blob-storage');
  await formReady(page);
  for (const c of CASES) await pick(page, 'Timezone', c.typed, c.id);

  const box = page.getByLabel('Timezone');
  await box.fill('India');
  // The country's own zone comes before the Indiana ones that merely start with the word.
  await expect(page.getByRole('option', { name: 'UTC(+05:30) India Standard Time (Asia/Kolkata)' })).toBeVisible();
  const shown = await page.getByRole('option').allTextContents();
  expect(shown.indexOf('UTC(+05:30) India Standard Time (Asia/Kolkata)')).toBeLessThan(shown.findIndex((o) => o.includes('Indiana')));
  await box.fill('+05:30');
  await expect(page.getByRole('option', { name: /India Standard Time \(Asia\/Kolkata\)$/ })).toBeVisible();
  await expect(page.getByRole('option', { name: /Indiana/ })).toHaveCount(0);
  await box.press('Escape');

  // Generated in Kolkata: 10:00 there is 04:30 UTC, whatever id the browser lists.
  await pick(page, 'Timezone', 'Kolkata', 'Asia/Kolkata');
  const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Initiation Date').fill(`${day}T10:00`);
  await page.getByLabel('Expiration Date').fill(`${day}T20:00`);
  await page.getByLabel('Revoke existing tokens').setChecked(true);
  await page.getByRole('button', { name: 'Generate new tokens' }).click();
  const account = page.getByLabel('ACCOUNT CONTAINER URL');
  await expect(account).toHaveValue(/sig=/);
  expect(new URL(await account.inputValue()).searchParams.get('st')).toBe(`${day}T04:30:00Z`);
});

test('the find range finds zones by current name and sends a valid zone id', async ({ page }) => {
  await page.goto('/recordings?mode=find');
  for (const c of CASES) await pick(page, 'Timezone of the range', c.typed, c.id);
  await page.getByLabel('StoredTime from').fill('2026-06-01T10:00');
  await expect(page.locator('pre', { hasText: '@container=' }).first()).toContainText("StoredTime >= '2026-06-01T04:30:00Z'");
  await page.getByRole('button', { name: 'Find blobs' }).click();
  await expect(page).toHaveURL(/tz=Asia%2F(Kolkata|Calcutta)/);
  const tz = new URL(page.url()).searchParams.get('tz')!;
  expect(await page.evaluate((zone) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone, tz)).toMatch(
    /^Asia\/(Kolkata|Calcutta)$/,
  );
  // Opened again from its address, the range still shows the zone by its current name.
  await page.reload();
  await expect(page.getByLabel('Timezone of the range')).toHaveValue(/\(Asia\/Kolkata\)$/);
});
