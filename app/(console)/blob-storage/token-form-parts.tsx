'use client';
// The token form's small parts: a field's message (its error, else its help) and what the chosen
// window means in UTC, read against a clock that follows the time while the form stays open.
import { useSyncExternalStore } from 'react';
import { formatUtc, localToUtc } from '@/lib/time/zones';

export function FieldMessage({ name, error, help }: { name: string; error?: string; help: string }) {
  return error ? (
    <span id={`${name}-error`} className="error">
      {error}
    </span>
  ) : (
    <span id={`${name}-help`} className="help">
      {help}
    </span>
  );
}

// The clock as a store read in 30-second steps, so "the start is now or earlier" follows the time
// while the form stays open, and a render reads the same moment each time.
const CLOCK_STEP_MS = 30_000;
const subscribeClock = (tick: () => void) => {
  const timer = setInterval(tick, CLOCK_STEP_MS);
  return () => clearInterval(timer);
};
const readClock = () => Math.floor(Date.now() / CLOCK_STEP_MS) * CLOCK_STEP_MS;

/** What the chosen window means in UTC, before anything is signed. */
export function WindowPreview({ initiation, expiration, timeZone }: { initiation: string; expiration: string; timeZone: string }) {
  const now = useSyncExternalStore(subscribeClock, readClock, readClock);
  const start = localToUtc(initiation, timeZone);
  const end = localToUtc(expiration, timeZone);
  if (!start.ok || !end.ok) return null;
  const startsNow = start.utc.getTime() <= now;
  return (
    <p className="window-preview">
      In UTC: <strong>{formatUtc(start.utc)}</strong> to <strong>{formatUtc(end.utc)}</strong>.
      {startsNow && ' The start is now or earlier, so it is signed 15 minutes in the past to allow for clock differences.'}
    </p>
  );
}
