// Sign-in throttling rules, pure. Every attempt is counted before its password is checked (a
// reservation), so parallel guesses cannot all slip in under the limit; a correct password gives its
// reservation back.
// - An address: after `maxFailures` attempts within `lockMinutes`, locked for `lockMinutes`.
// - A user: after `maxFailures`, slowed rather than locked: each further attempt waits 1 s, 2 s, 4 s…
//   up to `userMaxDelaySeconds` after the one before. Attackers spread over many addresses then get
//   one guess a minute, and nobody can lock an administrator out for good.
export type LockState = {
  failures: number;
  firstFailureAt?: string;
  lastFailureAt?: string;
  lockedUntil?: string;
  /** The lock whose refused sign-ins are already on the audit trail (one record per lock). */
  refusalAudited?: string;
};
export type LockRules = { maxFailures: number; lockMinutes: number; userMaxDelaySeconds: number };
export type SubjectKind = 'user' | 'ip';

export function lockedUntil(state: LockState | undefined, now: Date): Date | undefined {
  if (!state?.lockedUntil) return undefined;
  const until = new Date(state.lockedUntil);
  return until.getTime() > now.getTime() ? until : undefined;
}

/** How long a user waits after the attempt that made `failures`. */
export function userDelaySeconds(failures: number, rules: LockRules): number {
  if (failures < rules.maxFailures) return 0;
  return Math.min(rules.userMaxDelaySeconds, 2 ** Math.min(30, failures - rules.maxFailures));
}

/** The state once one more attempt is counted (reserved). Call only when `lockedUntil` is undefined. */
export function afterAttempt(state: LockState | undefined, now: Date, rules: LockRules, kind: SubjectKind = 'ip'): LockState {
  const windowMs = rules.lockMinutes * 60_000;
  // A user's count lasts while attempts keep coming; an address starts again once its lock has passed.
  const since = kind === 'user' ? (state?.lastFailureAt ?? state?.firstFailureAt) : state?.firstFailureAt;
  const fresh =
    !since || now.getTime() - Date.parse(since) > windowMs || (kind === 'ip' && Boolean(state?.lockedUntil && !lockedUntil(state, now)));
  const failures = (fresh ? 0 : state!.failures) + 1;
  const next: LockState = { failures, firstFailureAt: fresh ? now.toISOString() : state!.firstFailureAt, lastFailureAt: now.toISOString() };
  if (failures < rules.maxFailures) return next;
  const lockMs = kind === 'user' ? userDelaySeconds(failures, rules) * 1000 : windowMs;
  return { ...next, lockedUntil: new Date(now.getTime() + lockMs).toISOString() };
}

/** The state once a correct password gives its reservation back (an address; a user's count is cleared). */
export function afterRelease(state: LockState, rules: LockRules): LockState {
  const failures = Math.max(0, state.failures - 1);
  const { lockedUntil: lock, ...rest } = state;
  return failures >= rules.maxFailures && lock ? { ...rest, failures, lockedUntil: lock } : { ...rest, failures };
}

export function minutesLeft(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}

export function secondsLeft(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/**
 * What an address is counted as: an IPv4 address itself, an IPv6 address by its /64 (one customer
 * line holds a whole /64, so counting single addresses there would count nothing).
 */
export function addressKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::') as [string, string?] as [string, string];
  const front = head ? head.split(':') : [];
  const back = ip.includes('::') && tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:192.0.2.1) is the last 32 bits; it never reaches the first 64.
  const groups = ip.includes('::') ? [...front, ...Array(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back] : front;
  if (groups.length < 4) return ip;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
