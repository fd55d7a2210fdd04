import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAzurite, type TestAzurite } from '../testing/azurite';

// Real Azurite, real leases and ACLs: the read-modify-write of policies is the thing under test.
let azurite: TestAzurite;
let tokens: typeof import('./tokens');
let service: BlobServiceClient;
const containers = ['recordings', 'gim-export'];
const DAY = 86_400_000;

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
  for (const c of containers) await service.getContainerClient(c).setAccessPolicy(undefined, []);
});

const policyCount = async (c: string) => (await service.getContainerClient(c).getAccessPolicy()).signedIdentifiers.length;
const window = () => ({ startsAt: new Date(), expiresAt: new Date(Date.now() + DAY) });

describe('issueTokens against Azurite', () => {
  it('fails closed: when the audit record cannot be written, nothing is issued', async () => {
    await expect(
      tokens.issueTokens({ ...window(), revoke: false }, { beforeIssue: () => Promise.reject(new Error('audit table down')) }),
    ).rejects.toThrow('audit table down');
    for (const c of containers) expect(await policyCount(c)).toBe(0);
  });

  it('never loses a policy under 10 concurrent generations, and refuses the sixth clearly', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => tokens.issueTokens({ ...window(), revoke: false })));
    const issued = results.filter((r) => !('refused' in r));
    const refused = results.filter((r) => 'refused' in r);
    expect(issued).toHaveLength(5);
    for (const r of refused) expect('refused' in r && r.message).toMatch(/already has 5 active tokens|Another administrator is changing/);
    for (const c of containers) expect(await policyCount(c)).toBe(5);
    // Every token handed out names a policy that exists: it works.
    for (const r of issued) {
      if ('refused' in r) continue;
      for (const c of r.containers) {
        expect(c.status).toBe('issued');
        if (c.status !== 'issued') continue;
        const res = await fetch(`${c.url}&restype=container&comp=list&maxresults=1`);
        expect(res.status).toBe(200);
      }
    }
  }, 60_000);

  it('revokes one policy by id or all of them, and is safe to repeat', async () => {
    const a = await tokens.issueTokens({ ...window(), revoke: false });
    const b = await tokens.issueTokens({ ...window(), revoke: false });
    if ('refused' in a || 'refused' in b) throw new Error('expected tokens');
    const one = await tokens.revokeTokens({ policyId: a.policyId });
    expect(one).toEqual(containers.map((container) => ({ container, status: 'revoked', removed: 1 })));
    const again = await tokens.revokeTokens({ policyId: a.policyId });
    expect(again).toEqual(containers.map((container) => ({ container, status: 'revoked', removed: 0 })));
    const status = await tokens.tokenStatus();
    expect(status.flatMap((s) => (s.ok ? s.policies.map((p) => p.id) : []))).toEqual([b.policyId, b.policyId]);
    await tokens.revokeTokens();
    for (const c of containers) expect(await policyCount(c)).toBe(0);
  });
});
