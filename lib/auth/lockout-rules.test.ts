import { describe, expect, it } from 'vitest';
import { afterFailure, lockedUntil, minutesLeft, type LockState } from './lockout-rules';

const rules = { maxFailures: 5, lockMinutes: 15 };
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
    expect(s).toEqual({ failures: 1, firstFailureAt: at(60).toISOString() });
  });
});
