// Property-based checks (fast-check), from 1990 on (some zones had offsets with seconds before then): no generated input makes the token schema, the timezone maths or
// the tag-query builder throw, produce an injected where-expression, or sign a window other than the one asked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signingWindow } from './storage/sas';
import { buildWhere } from './tags/where';
import { allTimeZones, localToUtc, offsetAt, utcToLocalInput } from './time/zones';
import { findQuerySchema } from './validations/find-query';
import { tokenFormSchema } from './validations/token';

const zones = allTimeZones();
const zone = fc.constantFrom(...zones);
const wallClock = fc
  .record({
    y: fc.integer({ min: 1990, max: 2099 }),
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
  })
  .map(
    ({ y, mo, d, h, mi }) =>
      `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`,
  );
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('0000-00-00T00:00', '9999-12-31T23:59', '', ' ', '\u0000', '2026-02-30T10:00'),
);

describe('timezone conversion', () => {
  it('never throws, and every accepted time maps back to the same wall clock', () => {
    fc.assert(
      fc.property(wallClock, zone, (local, z) => {
        const r = localToUtc(local, z);
        if (r.ok) expect(utcToLocalInput(r.utc, z)).toBe(local);
        else expect(['nonexistent', 'ambiguous']).toContain(r.reason);
      }),
      { numRuns: 3000 },
    );
  });

  it('an instant shown in a zone converts back to itself unless that wall clock is ambiguous', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2098, 0, 1) }), zone, (ms, z) => {
        const at = new Date(Math.floor(ms / 60_000) * 60_000);
        const r = localToUtc(utcToLocalInput(at, z), z);
        if (r.ok) expect(r.utc.getTime()).toBe(at.getTime());
        else expect(r.reason).toBe('ambiguous');
        expect(Number.isFinite(offsetAt(z, at))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses garbage without throwing', () => {
    fc.assert(
      fc.property(anyText, anyText, (local, z) => void localToUtc(local, z)),
      { numRuns: 2000 },
    );
  });
});

describe('token schema', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const schema = tokenFormSchema({ maxDays: 365, now: () => now });

  it('never throws on any payload', () => {
    const payload = fc.oneof(
      fc.anything(),
      fc.record(
        {
          initiation: fc.oneof(anyText, fc.anything()),
          expiration: fc.oneof(anyText, fc.anything()),
          timeZone: fc.oneof(anyText, zone),
          revoke: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(payload, (p) => void schema.safeParse(p)),
      { numRuns: 3000 },
    );
  });

  it('an accepted form signs exactly the window asked (start back-dated only when it is not in the future)', () => {
    fc.assert(
      fc.property(wallClock, wallClock, zone, fc.boolean(), (a, b, z, revoke) => {
        const r = schema.safeParse({ initiation: a, expiration: b, timeZone: z, revoke });
        if (!r.success) return;
        const start = localToUtc(a, z);
        const end = localToUtc(b, z);
        expect(start.ok && end.ok).toBe(true);
        if (!start.ok || !end.ok) return;
        expect(r.data.startsAt.getTime()).toBe(start.utc.getTime());
        expect(r.data.expiresAt.getTime()).toBe(end.utc.getTime());
        expect(r.data.expiresAt.getTime()).toBeGreaterThan(Math.max(now.getTime(), r.data.startsAt.getTime()));
        const w = signingWindow(r.data.startsAt, r.data.expiresAt, now);
        expect(w.expiresOn.getTime()).toBe(end.utc.getTime());
        expect(w.startsOn.getTime()).toBe(start.utc.getTime() > now.getTime() ? start.utc.getTime() : now.getTime() - 15 * 60_000);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('tag-query builder', () => {
  const tagText = fc.oneof(
    fc.string(),
    fc.stringMatching(/^[A-Za-z0-9 +\-.:=_/]{0,20}$/),
    fc.constantFrom("'", '"', "CALL' OR '1'='1", 'a\\b', '@container', '\u202e'),
  );
  const query = fc.record({
    container: fc.constantFrom('recordings', 'gim-export'),
    recordingType: tagText,
    tags: fc.array(fc.record({ key: tagText, op: fc.oneof(fc.constantFrom('=', '>', '>=', '<', '<='), fc.string()), value: tagText }), {
      maxLength: 12,
    }),
  });

  it('either refuses, or builds a where with no quote or character outside what Azure allows inside values', () => {
    fc.assert(
      fc.property(query, (q) => {
        const r = findQuerySchema.safeParse(q);
        if (!r.success) return;
        const where = buildWhere(r.data);
        expect(where.startsWith(`@container='${q.container}'`)).toBe(true);
        // Every quoted literal is one of ours: splitting on the joiner gives exactly the conditions.
        const parts = where.split(' AND ');
        expect(parts).toHaveLength(1 + (r.data.recordingType ? 1 : 0) + r.data.tags.length);
        for (const part of parts.slice(1))
          expect(part).toMatch(/^("?[A-Za-z0-9 +\-.:=_/]+"?|RecordingType) (=|>|>=|<|<=) '[A-Za-z0-9 +\-.:=_/]*'$/);
      }),
      { numRuns: 3000 },
    );
  });
});
