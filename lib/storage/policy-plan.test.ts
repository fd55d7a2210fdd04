import { describe, expect, it } from 'vitest';
import { MAX_POLICIES, newPolicyId, planNewPolicy, type StoredPolicy } from './policy-plan';

const now = new Date('2026-12-01T12:00:00Z');
const policy = (id: string, expires: string): StoredPolicy => ({
  id,
  startsOn: new Date('2026-11-01T00:00:00Z'),
  expiresOn: new Date(expires),
  permissions: 'rl',
});
const added = policy('new', '2026-12-10T00:00:00Z');

describe('planNewPolicy', () => {
  it('adds to the active policies and prunes expired ones', () => {
    const plan = planNewPolicy('recordings', [policy('a', '2026-12-05T00:00:00Z'), policy('old', '2026-11-30T00:00:00Z')], added, {
      revoke: false,
      now,
    });
    expect(plan.ok && plan.next.map((p) => p.id)).toEqual(['a', 'new']);
    expect(plan.ok && plan.pruned.map((p) => p.id)).toEqual(['old']);
  });

  it('with revoke, replaces every policy', () => {
    const existing = [1, 2, 3, 4, 5].map((i) => policy(`p${i}`, '2027-01-01T00:00:00Z'));
    const plan = planNewPolicy('recordings', existing, added, { revoke: true, now });
    expect(plan.ok && plan.next).toEqual([added]);
    expect(plan.ok && plan.removed).toHaveLength(5);
  });

  it('refuses a sixth active policy, naming the container and what to do', () => {
    const existing = Array.from({ length: MAX_POLICIES }, (_, i) => policy(`p${i}`, '2027-01-01T00:00:00Z'));
    const plan = planNewPolicy('gim-export', existing, added, { revoke: false, now });
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.message).toMatch(/^The gim-export container already has 5 active tokens.*Revoke existing tokens/);
  });

  it('makes room when one of five has expired (expiry exactly now counts as expired)', () => {
    const existing = [...Array.from({ length: 4 }, (_, i) => policy(`p${i}`, '2027-01-01T00:00:00Z')), policy('gone', now.toISOString())];
    const plan = planNewPolicy('recordings', existing, added, { revoke: false, now });
    expect(plan.ok && plan.next).toHaveLength(5);
  });
});

it('policy ids are sortable, short and unique per call', () => {
  expect(newPolicyId(now, 'a1b2c3')).toBe('bsc-20261201T120000Z-a1b2c3');
  expect(newPolicyId(now, 'a1b2c3').length).toBeLessThanOrEqual(64);
});
