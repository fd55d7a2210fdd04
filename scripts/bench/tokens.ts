// Token generation through the server action, as the form posts it: time and storage round trips.
import { expectOk } from './http';
import { json, log, rows } from './results';
import { actionId, type Stack } from './stack';
import { ms, pct, timed } from './stats';

/** One generation with "Revoke existing tokens", posted as the form posts it; throws unless it issued. */
export async function generateTokens(s: Stack, action = actionId('generateTokensAction')) {
  const now = new Date();
  const local = (d: Date) => d.toISOString().slice(0, 16);
  const res = await expectOk(
    await fetch(`${s.base}/blob-storage`, {
      method: 'POST',
      headers: { Cookie: s.cookie, 'Next-Action': action, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
      body: JSON.stringify([
        { initiation: local(now), expiration: local(new Date(now.getTime() + 86_400_000)), timeZone: 'UTC', revoke: true },
      ]),
    }),
    'generate',
  );
  const text = await res.text();
  if (!text.includes('"issued"')) throw new Error(`generation did not issue: ${text.slice(-600)}`);
}

export async function benchTokens(s: Stack, runs: number) {
  const action = actionId('generateTokensAction');
  const generateOnce = () => generateTokens(s, action);
  await generateOnce();
  const tokenTimes: number[] = [];
  for (let i = 0; i < Math.max(20, runs); i++) tokenTimes.push(await timed(generateOnce));
  await new Promise((r) => setTimeout(r, 300));
  const before = s.az.requests();

  await generateOnce();
  await new Promise((r) => setTimeout(r, 500));
  const trips = s.az.requests() - before;
  rows.push({
    figure: 'Token generation via the server action, p50 / p95',
    console: `${ms(pct(tokenTimes, 50))} / ${ms(pct(tokenTimes, 95))}`,
    raw: '',
    ratio: '',
    goal: '',
  });
  rows.push({
    figure: 'Storage round trips per generation (incl. audit and the refreshed status)',
    console: String(trips),
    raw: '',
    ratio: '',
    goal: '',
  });
  json.tokenGeneration = { ms: tokenTimes, p50: pct(tokenTimes, 50), p95: pct(tokenTimes, 95), storageRoundTrips: trips };
  log(`token generation p50 ${ms(pct(tokenTimes, 50))}, p95 ${ms(pct(tokenTimes, 95))}, ${trips} storage round trips`);
}
