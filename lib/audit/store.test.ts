import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type TestAzurite } from '../testing/azurite';

// The audit trail's writes and reads against a real Azurite table service: the inserts are plain
// REST calls, the reads the Tables SDK's, so each must understand the other.
let azurite: TestAzurite;
let store: typeof import('./store');

beforeAll(async () => {
  azurite = await startAzurite(['table']);
  process.env.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
  store = await import('./store');
}, 30_000);

afterAll(async () => {
  await azurite?.stop();
});

describe('the audit trail against Azurite', () => {
  it('reads back every field it wrote, newest first, with what is not JSON-safe kept as written', async () => {
    const at = new Date('2026-12-02T10:00:00.000Z');
    await store.recordAudit(
      {
        action: 'tokens.generate',
        user: 'Zoë "admin"',
        role: 'admin',
        outcome: 'ok',
        ip: '127.0.0.9',
        details: { revoke: true, note: 'ü & <x>' },
      },
      at,
    );
    await store.recordAudit({ action: 'sign-in', user: 'ana', outcome: 'refused' }, new Date(at.getTime() + 1_000));
    const { records } = await store.queryAudit({ user: '', action: '', from: '', to: '' }, { pageSize: 10 });
    expect(records.map((r) => r.action)).toEqual(['sign-in', 'tokens.generate']);
    expect(records[1]).toMatchObject({
      at: at.toISOString(),
      user: 'Zoë "admin"',
      role: 'admin',
      outcome: 'ok',
      ip: '127.0.0.9',
      details: { revoke: true, note: 'ü & <x>' },
    });
    expect(records[0]!.role).toBeUndefined();
    expect(records[0]!.ip).toBeUndefined();
  });

  it('refuses, as AuditWriteError, when the table service does not answer', async () => {
    azurite.signal('SIGSTOP');
    try {
      await expect(store.recordAudit({ action: 'sign-in', user: 'ana', outcome: 'ok' })).rejects.toBeInstanceOf(store.AuditWriteError);
    } finally {
      azurite.signal('SIGCONT');
    }
  }, 15_000);
});
