import { describe, expect, it } from 'vitest';
import { fanOutLimiter } from './fair-use';

describe('fanOutLimiter', () => {
  it('lets a burst up to the capacity through, then says when to retry', () => {
    const limiter = fanOutLimiter({ capacity: 1_000, perSecond: 500 });
    expect(limiter.spend('amy', 500, 0)).toEqual({ ok: true });
    expect(limiter.spend('amy', 500, 0)).toEqual({ ok: true });
    expect(limiter.spend('amy', 500, 0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.spend('amy', 500, 1_000)).toEqual({ ok: true });
  });

  it('keeps users apart', () => {
    const limiter = fanOutLimiter({ capacity: 100, perSecond: 10 });
    expect(limiter.spend('amy', 100, 0).ok).toBe(true);
    expect(limiter.spend('amy', 100, 0)).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(limiter.spend('bob', 100, 0).ok).toBe(true);
  });

  it('lets one request larger than the bucket through when the bucket is full, and charges it in full', () => {
    const limiter = fanOutLimiter({ capacity: 100, perSecond: 10 });
    expect(limiter.spend('amy', 300, 0).ok).toBe(true);
    expect(limiter.spend('amy', 1, 0).ok).toBe(false);
    // 200 below zero: 20 s until one call's worth is back.
    expect(limiter.spend('amy', 1, 0)).toEqual({ ok: false, retryAfterSeconds: 21 });
    expect(limiter.spend('amy', 1, 20_100).ok).toBe(true);
  });

  it('of 40 parallel batches of 500 from one user, lets the first 4 through', () => {
    const limiter = fanOutLimiter();
    const answers = Array.from({ length: 40 }, () => limiter.spend('flood', 500, 0));
    expect(answers.filter((a) => a.ok)).toHaveLength(4);
  });
});

describe('waitFor', () => {
  it('says 0 while the bucket holds enough, else the seconds until it does', () => {
    const limiter = fanOutLimiter({ capacity: 100, perSecond: 10 });
    expect(limiter.waitFor('amy', 10, 0)).toBe(0);
    limiter.spend('amy', 100, 0);
    expect(limiter.waitFor('amy', 10, 0)).toBe(1);
    expect(limiter.waitFor('amy', 10, 1_000)).toBe(0);
  });
});
