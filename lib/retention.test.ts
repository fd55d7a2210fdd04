import { describe, expect, it } from 'vitest';
import { retention } from './retention';

const now = new Date('2026-12-01T12:00:00Z');

describe('retention', () => {
  it('counts from StoredTime, else from last modified', () => {
    expect(retention({ storedTime: '2026-11-20T12:00:00Z', lastModified: '2026-11-01T00:00:00Z', retentionDays: 30, now })).toEqual({
      deletesOn: '2026-12-20T12:00:00.000Z',
      daysLeft: 19,
      soon: false,
    });
    expect(retention({ lastModified: new Date('2026-11-20T12:00:00Z'), retentionDays: 30, now })?.deletesOn).toBe(
      '2026-12-20T12:00:00.000Z',
    );
    expect(retention({ storedTime: 'garbage', lastModified: '2026-11-20T12:00:00Z', retentionDays: 7, now })?.deletesOn).toBe(
      '2026-11-27T12:00:00.000Z',
    );
  });

  it('marks files with under 3 days left, and never shows negative days', () => {
    expect(retention({ storedTime: '2026-11-04T12:00:01Z', retentionDays: 30, now })).toMatchObject({ daysLeft: 3, soon: false });
    expect(retention({ storedTime: '2026-11-04T11:59:59Z', retentionDays: 30, now })).toMatchObject({ daysLeft: 2, soon: true });
    expect(retention({ storedTime: '2026-10-01T00:00:00Z', retentionDays: 30, now })).toMatchObject({ daysLeft: 0, soon: true });
    expect(retention({ storedTime: '2026-11-04T12:00:00Z', retentionDays: 30, now })).toMatchObject({ daysLeft: 3, soon: false });
    expect(retention({ retentionDays: 30, now })).toBeUndefined();
  });
});
