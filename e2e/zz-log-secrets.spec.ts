import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { AZURITE_KEY } from '../lib/config';
import { E2E } from './ports';

// Runs last (files run in name order): after everything above, nothing secret is in the servers' log.
test('the server log holds no signature, account key, password or session cookie', () => {
  const log = readFileSync(E2E.serverLog, 'utf8');
  expect(log.length).toBeGreaterThan(1000);
  // The log is read: requests were logged, as JSON lines with their ids.
  expect(log).toMatch(/"topic":"request","requestId":"[0-9a-f]{16}"/);
  const sessionCookies = [E2E.adminState, E2E.viewerState].flatMap((file) =>
    (JSON.parse(readFileSync(file, 'utf8')) as { cookies: { name: string; value: string }[] }).cookies
      .filter((c) => c.name.includes('session-token'))
      .map((c) => c.value),
  );
  expect(sessionCookies.length).toBeGreaterThan(0);
  const secrets: Record<string, string> = {
    'the account key': AZURITE_KEY,
    "the administrator's password": process.env.E2E_ADMIN_PASSWORD!,
    "the viewer's password": process.env.E2E_VIEWER_PASSWORD!,
    "the target account's password": process.env.E2E_TARGET_PASSWORD!,
    "the attacked account's password": process.env.E2E_ATTACKED_PASSWORD!,
    'the client secret': process.env.E2E_OIDC_SECRET!,
    ...Object.fromEntries(sessionCookies.map((c, i) => [`session cookie ${i + 1}`, c.slice(0, 40)])),
  };
  for (const [what, secret] of Object.entries(secrets)) expect(log.includes(secret), what).toBe(false);
  expect(log).not.toMatch(/[?&]sig=[A-Za-z0-9%+/=]{10,}/);
});

test('a wrong password logs one line, without a stack trace', () => {
  const log = readFileSync(E2E.serverLog, 'utf8');
  // The run signed in with wrong passwords many times: each is one JSON line.
  expect(log).toMatch(/"topic":"sign-in","msg":"sign-in refused"/);
  // Auth.js's own report of it is a multi-line stack ("[auth][error] CredentialsSignin ... at ...").
  expect(log).not.toMatch(/\[auth\]\[error\] CredentialsSignin/);
  expect(log).not.toMatch(/CredentialsSignin[^\n]*\n\s+at /);
});
