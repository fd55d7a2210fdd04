import { describe, expect, it } from 'vitest';
import {
  addDaysLocal,
  allTimeZones,
  formatInZone,
  localToUtc,
  parseLocalDateTime,
  timeZoneLabel,
  utcOffsetLabel,
  utcToLocalInput,
} from './zones';

const utc = (value: string, zone: string) => {
  const r = localToUtc(value, zone);
  if (!r.ok) throw new Error(r.message);
  return r.utc.toISOString();
};

describe('localToUtc', () => {
  it('converts ordinary times with the offset in force', () => {
    expect(utc('2026-12-01T09:00', 'America/Los_Angeles')).toBe('2026-12-01T17:00:00.000Z');
    expect(utc('2026-07-01T09:00', 'America/Los_Angeles')).toBe('2026-07-01T16:00:00.000Z');
    expect(utc('2026-12-01T09:00', 'Europe/Berlin')).toBe('2026-12-01T08:00:00.000Z');
    expect(utc('2026-07-01T09:00', 'Europe/Berlin')).toBe('2026-07-01T07:00:00.000Z');
    expect(utc('2026-12-01T09:00', 'UTC')).toBe('2026-12-01T09:00:00.000Z');
    expect(utc('2026-12-01T09:00', 'Asia/Kolkata')).toBe('2026-12-01T03:30:00.000Z');
  });

  it('refuses a time inside the spring gap (Los Angeles, 2027-03-14 02:00-03:00)', () => {
    const r = localToUtc('2027-03-14T02:30', 'America/Los_Angeles');
    expect(r).toMatchObject({ ok: false, reason: 'nonexistent' });
    expect(!r.ok && r.message).toBe(
      '2027-03-14 02:30 does not exist in America/Los_Angeles: the clocks skip it for daylight saving time. Choose a time outside the gap.',
    );
    expect(utc('2027-03-14T01:59', 'America/Los_Angeles')).toBe('2027-03-14T09:59:00.000Z');
    expect(utc('2027-03-14T03:00', 'America/Los_Angeles')).toBe('2027-03-14T10:00:00.000Z');
  });

  // The case that ruled out date-fns-tz (README, "Why Intl and not date-fns-tz"): on a machine in Los
  // Angeles it showed Guyana's 02:00 as 03:00, the hour Los Angeles skips that night. Tests run in Los Angeles.
  it("reads another zone's wall clock right during the machine zone's spring gap (Guyana, 2027-03-14)", () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('America/Los_Angeles');
    expect(utcToLocalInput(new Date('2027-03-14T06:00:00Z'), 'America/Guyana')).toBe('2027-03-14T02:00');
    expect(utcToLocalInput(new Date('2027-03-14T06:45:00Z'), 'America/Guyana')).toBe('2027-03-14T02:45');
    expect(utc('2027-03-14T02:30', 'America/Guyana')).toBe('2027-03-14T06:30:00.000Z');
  });

  it('refuses a time inside the spring gap (Berlin, 2027-03-28 02:00-03:00)', () => {
    expect(localToUtc('2027-03-28T02:00', 'Europe/Berlin')).toMatchObject({ ok: false, reason: 'nonexistent' });
    expect(localToUtc('2027-03-28T02:59', 'Europe/Berlin')).toMatchObject({ ok: false, reason: 'nonexistent' });
    expect(utc('2027-03-28T03:00', 'Europe/Berlin')).toBe('2027-03-28T01:00:00.000Z');
  });

  it('refuses a time in the autumn overlap, naming both offsets (Los Angeles, 2026-11-01 01:00-02:00)', () => {
    const r = localToUtc('2026-11-01T01:30', 'America/Los_Angeles');
    expect(r).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(!r.ok && r.message).toContain('happens twice in America/Los_Angeles (UTC(-07:00) and UTC(-08:00))');
    expect(utc('2026-11-01T00:59', 'America/Los_Angeles')).toBe('2026-11-01T07:59:00.000Z');
    expect(utc('2026-11-01T02:00', 'America/Los_Angeles')).toBe('2026-11-01T10:00:00.000Z');
  });

  it('refuses a time in the autumn overlap (Berlin, 2026-10-25 02:00-03:00)', () => {
    const r = localToUtc('2026-10-25T02:30', 'Europe/Berlin');
    expect(r).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(!r.ok && r.message).toContain('(UTC(+02:00) and UTC(+01:00))');
    expect(utc('2026-10-25T03:00', 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000Z');
  });

  it('refuses unknown zones and impossible dates', () => {
    expect(localToUtc('2026-12-01T09:00', 'Mars/Olympus')).toMatchObject({ ok: false, reason: 'unknown-zone' });
    expect(localToUtc('2026-12-01T09:00', '')).toMatchObject({ ok: false, reason: 'unknown-zone' });
    expect(localToUtc('2026-02-30T09:00', 'UTC')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(localToUtc('2026-13-01T09:00', 'UTC')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(localToUtc('0000-00-00T00:00', 'UTC')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(localToUtc('2026-12-01 09:00', 'UTC')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(localToUtc('2026-12-01T24:00', 'UTC')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('accepts leap days only in leap years', () => {
    expect(parseLocalDateTime('2028-02-29T00:00')).toBeDefined();
    expect(parseLocalDateTime('2027-02-29T00:00')).toBeUndefined();
  });
});

describe('labels and helpers', () => {
  it('labels zones as Agent Setup does', () => {
    const winter = new Date('2026-12-01T00:00:00Z');
    expect(timeZoneLabel('America/Los_Angeles', winter)).toBe('UTC(-08:00) Pacific Time (America/Los_Angeles)');
    expect(timeZoneLabel('UTC', winter)).toBe('UTC(+00:00) Coordinated Universal Time (UTC)');
    expect(utcOffsetLabel('Asia/Kathmandu', winter)).toBe('UTC(+05:45)');
    expect(formatInZone(winter, 'Europe/Berlin')).toBe('2026-12-01 01:00 UTC(+01:00)');
  });

  it('lists every IANA zone the engine knows, with UTC', () => {
    const zones = allTimeZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('America/Los_Angeles');
    expect(zones.length).toBeGreaterThan(300);
  });

  it('adds calendar days keeping the wall-clock time', () => {
    expect(addDaysLocal('2027-03-10T09:00', 7)).toBe('2027-03-17T09:00');
    expect(addDaysLocal('2026-12-30T23:15', 5)).toBe('2027-01-04T23:15');
    expect(addDaysLocal('nonsense', 1)).toBeUndefined();
  });
});
