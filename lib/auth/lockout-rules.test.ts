import { describe, expect, it } from 'vitest';
import { addressKey, afterAttempt, afterRelease, lockedUntil, minutesLeft, userDelaySeconds, type LockState } from './lockout-rules';

const rules = { maxFailures: 5, lockMinutes: 15, userMaxDelaySeconds: 60 };
const afterFailure = (s: LockState | undefined, now: Date, r = rules) => afterAttempt(s, now, r, 'ip');
const at = (min: number) => new Date(Date.UTC(2026, 11, 1, 12, min));

describe('sign-in lockout rules', () => {
  it('locks for 15 minutes on the fifth failure within the window', () => {
    let s: LockState | undefined;
    for (let i = 0; i < 4; i++) {
      s = afterFailure(s, at(i), rules);
      expect(lockedUntil(s, at(i))).toBeUndefined();
    }
    s = afterFailure(s, at(4), rules);
    expect(lockedUntil(s, at(4))?.toISOString()).toBe(at(19).toISOString());
    expect(lockedUntil(s, at(18))).toBeDefined();
    expect(lockedUntil(s, at(19))).toBeUndefined();
    expect(minutesLeft(at(19), at(4))).toBe(15);
  });

  it('starts counting again once failures are older than the window or a lock has passed', () => {
    let s = afterFailure(undefined, at(0), rules);
    for (let i = 1; i < 4; i++) s = afterFailure(s, at(i), rules);
    s = afterFailure(s, at(30), rules);
    expect(s.failures).toBe(1);
    for (let i = 31; i < 35; i++) s = afterFailure(s, at(i), rules);
    expect(lockedUntil(s, at(34))).toBeDefined();
    s = afterFailure(s, at(60), rules);
    expect(s).toEqual({ failures: 1, firstFailureAt: at(60).toISOString(), lastFailureAt: at(60).toISOString() });
  });
});

const sec = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, s));

describe('a user attacked from many addresses', () => {
  it('is slowed, not locked: 1 s, 2 s, 4 s … after the fifth attempt, never more than the cap', () => {
    let s: LockState | undefined;
    for (let i = 0; i < 4; i++) s = afterAttempt(s, sec(i), rules, 'user');
    expect(lockedUntil(s, sec(4))).toBeUndefined();
    s = afterAttempt(s, sec(4), rules, 'user');
    expect(s.lockedUntil).toBe(sec(5).toISOString());
    s = afterAttempt(s, sec(5), rules, 'user');
    expect(s.lockedUntil).toBe(sec(7).toISOString());
    expect([5, 6, 7, 8, 11, 12, 40].map((n) => userDelaySeconds(n, rules))).toEqual([1, 2, 4, 8, 60, 60, 60]);
  });

  it('keeps counting while attempts keep coming, and starts again after a quiet window', () => {
    let s: LockState | undefined;
    for (let i = 0; i < 20; i++) s = afterAttempt(s, at(i), rules, 'user');
    expect(s!.failures).toBe(20);
    expect(Date.parse(s!.lockedUntil!) - at(19).getTime()).toBe(60_000);
    s = afterAttempt(s, at(19 + 16), rules, 'user');
    expect(s.failures).toBe(1);
  });
});

describe('a reservation given back', () => {
  it('takes the attempt off the count, and the lock with it when the count falls below the limit', () => {
    let s: LockState | undefined;
    for (let i = 0; i < 5; i++) s = afterAttempt(s, at(0), rules, 'ip');
    expect(lockedUntil(s, at(0))).toBeDefined();
    const back = afterRelease(s!, rules);
    expect(back.failures).toBe(4);
    expect(back.lockedUntil).toBeUndefined();
    expect(afterRelease({ failures: 0 }, rules).failures).toBe(0);
  });
});

describe('addressKey', () => {
  it('counts IPv4 addresses one by one and IPv6 by their /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8::ffff:1')).toBe(addressKey('2001:db8:0:0:1:2:3:4'));
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
