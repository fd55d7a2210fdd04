import { describe, expect, it } from 'vitest';
import { flattenError } from 'zod/mini';
import { parseIpRange, tokenFormSchema } from './token';

const now = new Date('2026-12-01T12:00:00Z');
const schema = tokenFormSchema({ maxDays: 365, now: () => now });

function errorsOf(input: unknown) {
  const r = schema.safeParse(input);
  return r.success ? {} : flattenError(r.error).fieldErrors;
}

const base = { initiation: '2026-12-02T09:00', expiration: '2026-12-07T09:00', timeZone: 'UTC', revoke: false };

describe('token form schema', () => {
  it('gives the window in UTC', () => {
    const r = schema.parse({ ...base, timeZone: 'America/Los_Angeles' });
    expect(r.startsAt.toISOString()).toBe('2026-12-02T17:00:00.000Z');
    expect(r.expiresAt.toISOString()).toBe('2026-12-07T17:00:00.000Z');
    expect(r.revoke).toBe(false);
  });

  it('says when the expiration is not after the initiation', () => {
    expect(errorsOf({ ...base, expiration: '2026-12-02T09:00' })).toEqual({
      expiration: ['The expiration date must be after the initiation date.'],
    });
  });

  it('says when the expiration is in the past', () => {
    expect(errorsOf({ ...base, initiation: '2026-11-01T00:00', expiration: '2026-12-01T11:59' })).toEqual({
      expiration: ['The expiration date is in the past. Choose a later date.'],
    });
  });

  it('says when the window is longer than SAS_MAX_DAYS', () => {
    const short = tokenFormSchema({ maxDays: 30, now: () => now });
    const r = short.safeParse({ ...base, expiration: '2027-01-02T09:01' });
    expect(r.success).toBe(false);
    expect(!r.success && flattenError(r.error).fieldErrors).toEqual({
      expiration: ['Tokens can be valid for at most 30 days. Choose an earlier expiration date.'],
    });
    expect(short.safeParse({ ...base, expiration: '2027-01-01T09:00' }).success).toBe(true);
  });

  it('says when a local time does not exist or is ambiguous in the zone', () => {
    expect(
      errorsOf({ ...base, initiation: '2027-03-14T02:30', expiration: '2027-03-20T09:00', timeZone: 'America/Los_Angeles' })
        .initiation?.[0],
    ).toMatch(/does not exist in America\/Los_Angeles/);
    const overlap = errorsOf({ ...base, initiation: '2026-12-02T09:00', expiration: '2027-10-31T02:30', timeZone: 'Europe/Berlin' });
    expect(overlap.expiration?.[0]).toMatch(/happens twice in Europe\/Berlin/);
  });

  it('says when the zone is unknown', () => {
    expect(errorsOf({ ...base, timeZone: 'Mars/Olympus' })).toEqual({ timeZone: ['"Mars/Olympus" is not a known timezone.'] });
  });

  it('says what is missing or malformed', () => {
    expect(errorsOf({ ...base, initiation: '' }).initiation).toEqual(['Enter the initiation date.']);
    expect(errorsOf({ ...base, expiration: '07/12/2026' }).expiration).toEqual(['Enter the expiration date as a date and time.']);
    expect(errorsOf({ ...base, revoke: 'yes' }).revoke).toEqual(['Revoke existing tokens must be ticked or not.']);
    expect(errorsOf({}).initiation).toEqual(['Enter the initiation date.']);
    expect(errorsOf(null)).toBeDefined();
    expect(errorsOf({ ...base, timeZone: 'x'.repeat(500) }).timeZone).toEqual(['Choose a timezone from the list.']);
  });
});

describe('find by tags and the allowed IP range', () => {
  it('finds by tags unless turned off, and takes no range by default', () => {
    const r = schema.parse(base);
    expect(r.findByTags).toBe(true);
    expect(r.allowedIp).toBe('');
    expect(r.ipRange).toBeUndefined();
    expect(schema.parse({ ...base, findByTags: false }).findByTags).toBe(false);
  });

  it('takes one IPv4 address or a range, lowest first', () => {
    expect(parseIpRange('203.0.113.7')).toEqual({ start: '203.0.113.7' });
    expect(parseIpRange('203.0.113.0-203.0.113.255')).toEqual({ start: '203.0.113.0', end: '203.0.113.255' });
    expect(parseIpRange(' 10.0.0.1 - 10.0.0.9 ')).toEqual({ start: '10.0.0.1', end: '10.0.0.9' });
    expect(parseIpRange('10.0.0.5-10.0.0.5')).toEqual({ start: '10.0.0.5' });
    for (const bad of ['256.1.1.1', '10.0.0', '10.0.0.01', '10.0.0.9-10.0.0.1', 'a.b.c.d', '::1', '1.2.3.4-5.6.7.8-9.9.9.9', '1.2.3.4/24'])
      expect(parseIpRange(bad), bad).toBeUndefined();
    expect(schema.parse({ ...base, allowedIp: '203.0.113.0-203.0.113.255' }).ipRange).toEqual({
      start: '203.0.113.0',
      end: '203.0.113.255',
    });
  });

  it('gives a field message for a bad range', () => {
    expect(errorsOf({ ...base, allowedIp: '10.0.0.9-10.0.0.1' })).toEqual({
      allowedIp: ['Enter one IPv4 address (203.0.113.7) or a range (203.0.113.0-203.0.113.255), lowest first.'],
    });
  });
});
