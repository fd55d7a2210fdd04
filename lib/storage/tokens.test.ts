import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEvent } from '../audit/records';
import { startAzurite, type TestAzurite } from '../testing/azurite';
import type { TokenRequest } from '../validations/token';

// Real Azurite, real leases and ACLs: the read-modify-write of policies is the thing under test. The
// audit trail is a stand-in, so the tests can see what was recorded and make it fail.
const audit = vi.hoisted(() => ({
  records: [] as AuditEvent[],
  fail: false,
  beforeLanding: undefined as undefined | (() => Promise<void>),
}));
vi.mock('../audit/store', () => {
  class AuditWriteError extends Error {}
  const recordAudit = async (event: AuditEvent) => {
    await audit.beforeLanding?.();
    if (audit.fail) throw new AuditWriteError('The audit trail could not be written (RestError).');
    audit.records.push(event);
  };
  return { AuditWriteError, recordAudit, recordAuditBestEffort: (e: AuditEvent) => recordAudit(e).catch(() => undefined) };
});

let azurite: TestAzurite;
let tokens: typeof import('./tokens');
let service: BlobServiceClient;
const containers = ['recordings', 'gim-export'];
const DAY = 86_400_000;
const actor = { user: 'ana', role: 'admin', ip: '127.0.0.1' };

beforeAll(async () => {
  azurite = await startAzurite(['blob']);
  process.env.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.SAS_CONTAINERS = containers.join(',');
  tokens = await import('./tokens');
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  for (const c of containers) await service.getContainerClient(c).createIfNotExists();
}, 30_000);

afterAll(async () => {
  await azurite?.stop();
});

beforeEach(async () => {
  audit.records.length = 0;
  audit.fail = false;
  audit.beforeLanding = undefined;
  for (const c of containers) await service.getContainerClient(c).setAccessPolicy(undefined, []);
});

const policyCount = async (c: string) => (await service.getContainerClient(c).getAccessPolicy()).signedIdentifiers.length;
const request = (revoke = false): TokenRequest => ({
  startsAt: new Date(),
  expiresAt: new Date(Date.now() + DAY),
  initiation: '2026-12-01T10:00',
  expiration: '2026-12-02T10:00',
  timeZone: 'UTC',
  revoke,
  findByTags: true,
  allowedIp: '',
});

describe('generateTokens against Azurite', () => {
  it('fails closed: when the audit record cannot be written, nothing is issued', async () => {
    audit.fail = true;
    const result = await tokens.generateTokens(request(), actor);
    expect(result).toMatchObject({ status: 'refused', message: expect.stringMatching(/^No tokens were generated: The audit trail/) });
    for (const c of containers) expect(await policyCount(c)).toBe(0);
  });

  it('records the attempt before issuing, with who and what', async () => {
    const result = await tokens.generateTokens(request(), actor);
    if (result.status !== 'issued') throw new Error(`expected tokens, got ${JSON.stringify(result)}`);
    expect(audit.records).toEqual([
      expect.objectContaining({
        user: 'ana',
        action: 'tokens.generate',
        outcome: 'ok',
        details: expect.objectContaining({
          containers,
          policyId: result.containers[0]!.status === 'issued' && result.containers[0]!.policyId,
        }),
      }),
    ]);
  });

  it('writes no policy before its audit record has landed, however slowly the record is written', async () => {
    const seen: number[] = [];
    audit.beforeLanding = async () => {
      // Written beside the lock and the policy read: by now those are done, and no policy may be there yet.
      await new Promise((resolve) => setTimeout(resolve, 300));
      seen.push(await policyCount('recordings'));
    };
    const result = await tokens.generateTokens(request(), actor);
    expect(result.status).toBe('issued');
    expect(seen).toEqual([0]);
    expect(await policyCount('recordings')).toBe(1);
  });

  it('a generation refused by the policy limit leaves its attempt and its failure on the trail, and no new policy', async () => {
    for (let i = 0; i < 5; i++) expect((await tokens.generateTokens(request(), actor)).status).toBe('issued');
    audit.records.length = 0;
    const refused = await tokens.generateTokens(request(), actor);
    expect(refused).toMatchObject({ status: 'refused', message: expect.stringMatching(/already has 5 active tokens/) });
    expect(audit.records.map((r) => r.outcome)).toEqual(['ok', 'failed']);
    expect(audit.records[1]!.details).toMatchObject({ reason: expect.stringMatching(/already has 5 active tokens/) });
    for (const c of containers) expect(await policyCount(c)).toBe(5);
  });

  it('never loses a policy under 10 concurrent generations, and refuses the sixth clearly', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => tokens.generateTokens(request(), actor)));
    const issued = results.filter((r) => r.status === 'issued');
    const refused = results.filter((r) => r.status === 'refused');
    expect(issued).toHaveLength(5);
    for (const r of refused) expect(r.message).toMatch(/already has 5 active tokens|Another administrator is changing the tokens/);
    for (const c of containers) expect(await policyCount(c)).toBe(5);
    // Every token handed out names a policy that exists: it works.
    for (const r of issued) {
      if (r.status !== 'issued') continue;
      for (const c of r.containers) {
        expect(c.status).toBe('issued');
        if (c.status !== 'issued') continue;
        const res = await fetch(`${c.url}&restype=container&comp=list&maxresults=1`);
        expect(res.status).toBe(200);
      }
    }
  }, 60_000);

  it('shows the status it just wrote, and reads live after that', async () => {
    const result = await tokens.generateTokens(request(), actor);
    if (result.status !== 'issued') throw new Error('expected tokens');
    const id = result.containers[0]!.status === 'issued' ? result.containers[0]!.policyId : '';
    const primed = await tokens.tokenStatus();
    expect(primed.map((s) => s.ok && s.policies.map((p) => p.id))).toEqual([[id], [id]]);
    // Changed behind the console's back: the next status reads it.
    await service.getContainerClient('recordings').setAccessPolicy(undefined, []);
    const live = await tokens.tokenStatus();
    expect(live.map((s) => s.ok && s.policies.length)).toEqual([0, 1]);
  });

  it('revokes one policy by id or all of them, and is safe to repeat', async () => {
    const a = await tokens.generateTokens(request(), actor);
    const b = await tokens.generateTokens(request(), actor);
    if (a.status !== 'issued' || b.status !== 'issued') throw new Error('expected tokens');
    const idOf = (r: typeof a) => (r.status === 'issued' && r.containers[0]!.status === 'issued' ? r.containers[0]!.policyId : '');
    expect(await tokens.revokeTokens(idOf(a), actor)).toEqual({
      status: 'done',
      failed: [],
      message: expect.stringMatching(/^Revoked\. recordings: 1 revoked; gim-export: 1 revoked/),
    });
    expect(await tokens.revokeTokens(idOf(a), actor)).toMatchObject({
      status: 'done',
      message: 'There were no container tokens to revoke.',
    });
    const status = await tokens.tokenStatus();
    expect(status.flatMap((s) => (s.ok ? s.policies.map((p) => p.id) : []))).toEqual([idOf(b), idOf(b)]);
    await tokens.revokeTokens(undefined, actor);
    for (const c of containers) expect(await policyCount(c)).toBe(0);
    expect(audit.records.filter((r) => r.action === 'tokens.revoke').map((r) => r.details?.policyId)).toEqual([idOf(a), idOf(a), 'all']);
  });

  it("stops every storage call under the lock once its time is up, so a late write cannot undo the next holder's work", async () => {
    const policies = await import('./policies');
    let expiredBefore: boolean | undefined;
    const late = policies.withTokenLock(async (lock) => {
      await new Promise((r) => setTimeout(r, 300));
      expiredBefore = lock.expired();
      // The console's own call: it goes through the storage queue, which the lock's signal stops.
      return policies.readPolicies('recordings');
    }, 100);
    await expect(late).rejects.toBeDefined();
    expect(expiredBefore).toBe(true);
    // The lock was given back: the next holder gets it at once.
    const t = Date.now();
    await policies.withTokenLock(async () => undefined);
    expect(Date.now() - t).toBeLessThan(2_000);
  });

  it('fails closed for revocation too', async () => {
    const a = await tokens.generateTokens(request(), actor);
    audit.fail = true;
    expect(await tokens.revokeTokens(undefined, actor)).toMatchObject({
      status: 'refused',
      message: expect.stringMatching(/^Nothing was revoked: /),
    });
    for (const c of containers) expect(await policyCount(c)).toBe(a.status === 'issued' ? 1 : 0);
  });

  it('revokes nothing before its audit record has landed, however slowly the record is written', async () => {
    expect((await tokens.generateTokens(request(), actor)).status).toBe('issued');
    const seen: number[] = [];
    audit.beforeLanding = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      seen.push(await policyCount('recordings'));
    };
    expect(await tokens.revokeTokens(undefined, actor)).toMatchObject({ status: 'done', failed: [] });
    expect(seen).toEqual([1]);
    for (const c of containers) expect(await policyCount(c)).toBe(0);
  });
});
