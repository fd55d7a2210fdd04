import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { E2E } from './e2e/ports';

// Debian's Chromium where it exists (nothing may download a browser here), else Playwright's own.
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: './e2e',
  // Token tests change the account's shared stored access policies, so they run one at a time.
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 2 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: E2E.baseURL,
    trace: 'on-first-retry',
    timezoneId: 'America/Los_Angeles',
    locale: 'en-US',
    launchOptions: {
      executablePath,
      args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1360, height: 900 } } }],
  webServer: {
    // A fresh Azurite data folder each run: the demo seed is then exactly what the tests expect.
    command: `node -e "require('fs').rmSync('${E2E.azuriteLocation}',{recursive:true,force:true})" && npm start`,
    url: `${E2E.baseURL}/blob-storage`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(E2E.port),
      HOST: '127.0.0.1',
      AZURITE_BLOB_PORT: String(E2E.blobPort),
      AZURITE_TABLE_PORT: String(E2E.tablePort),
      AZURITE_LOCATION: E2E.azuriteLocation,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
