import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { appEnv } from './e2e/app-env';
import { E2E } from './e2e/ports';

// Test accounts get fresh random passwords each run (no password is ever committed). Set here, in
// the main process, they reach the workers and the app through the environment.
process.env.E2E_ADMIN_PASSWORD ??= randomBytes(18).toString('base64url');
process.env.E2E_VIEWER_PASSWORD ??= randomBytes(18).toString('base64url');
process.env.E2E_TARGET_PASSWORD ??= randomBytes(18).toString('base64url');
process.env.E2E_ATTACKED_PASSWORD ??= randomBytes(18).toString('base64url');
process.env.E2E_OIDC_SECRET ??= randomBytes(24).toString('base64url');

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
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium',
      dependencies: ['setup'],
      use: { ...devices['Desktop Chrome'], viewport: { width: 1360, height: 900 }, storageState: E2E.adminState },
    },
  ],
  webServer: [
    {
      // A real OpenID Connect issuer on loopback, for single sign-on end to end.
      command: 'node e2e/oidc-issuer.mjs',
      url: `http://127.0.0.1:${E2E.oidcPort}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        OIDC_PORT: String(E2E.oidcPort),
        OIDC_REDIRECT_URI: `${E2E.ssoBaseURL}/api/auth/callback/oidc`,
        OIDC_CLIENT_SECRET: process.env.E2E_OIDC_SECRET,
      },
    },
    {
      // A fresh Azurite data folder each run: the demo seed is then exactly what the tests expect.
      // Its output is kept in E2E.serverLog too: the last test searches it for anything secret.
      command: `node -e "require('fs').rmSync('${E2E.azuriteLocation}',{recursive:true,force:true})" && npm start 2>&1 | tee ${E2E.serverLog}`,
      url: `${E2E.baseURL}/blob-storage`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: appEnv(),
    },
  ],
});
