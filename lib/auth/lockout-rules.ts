// Sign-in throttling rules, pure: after `maxFailures` failures within the lock period for one
// user or one address, further tries are refused until the lock expires.
export type LockState = { failures: number; firstFailureAt?: string; lockedUntil?: string };
export type LockRules = { maxFailures: number; lockMinutes: number };

export function lockedUntil(state: LockState | undefined, now: Date): Date | undefined {
  if (!state?.lockedUntil) return undefined;
  const until = new Date(state.lockedUntil);
  return until.getTime() > now.getTime() ? until : undefined;
}

export function afterFailure(state: LockState | undefined, now: Date, rules: LockRules): LockState {
  const windowMs = rules.lockMinutes * 60_000;
  const fresh = !state?.firstFailureAt || now.getTime() - Date.parse(state.firstFailureAt) > windowMs || Boolean(state.lockedUntil && !lockedUntil(state, now));
  const failures = (fresh ? 0 : state!.failures) + 1;
  const firstFailureAt = fresh ? now.toISOString() : state!.firstFailureAt;
  if (failures >= rules.maxFailures) {
    return { failures, firstFailureAt, lockedUntil: new Date(now.getTime() + windowMs).toISOString() };
  }
  return { failures, firstFailureAt };
}

export function minutesLeft(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}
