import { describe, expect, it } from 'vitest';
import { openSession, sealSession } from './proxy-seal';

describe('sealed session from the proxy', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');

  it('opens what this process sealed, names with any characters included', () => {
    expect(openSession(sealSession({ name: "Zoë.O'Brien@contoso", role: 'admin' }, now), now + 5)).toEqual({
      name: "Zoë.O'Brien@contoso",
      role: 'admin',
    });
  });

  it('carries the display name beside the identity', () => {
    expect(openSession(sealSession({ name: 'oidc:o-1', role: 'viewer', display: 'Dave' }, now), now)).toEqual({
      name: 'oidc:o-1',
      role: 'viewer',
      display: 'Dave',
    });
  });

  it('refuses a changed role or name, a foreign key, an old seal and garbage', () => {
    const sealed = sealSession({ name: 'viewer1', role: 'viewer' }, now);
    const [name, , at, tag] = sealed.split('.');
    expect(openSession(`${name}.admin.${at}.${tag}`, now)).toBeUndefined();
    expect(openSession(`${Buffer.from('["admin"]').toString('base64url')}.viewer.${at}.${tag}`, now)).toBeUndefined();
    expect(openSession(sealed, now + 30_001)).toBeUndefined();
    expect(openSession(sealed, now - 1)).toBeUndefined();
    for (const junk of [undefined, null, '', 'a.b.c', 'a.b.c.d.e', `${name}.viewer.${at}.`]) expect(openSession(junk, now)).toBeUndefined();
    // Another process (or a client guessing) has another key.
    const g = globalThis as unknown as { consoleSessionSealKey?: Buffer };
    const mine = g.consoleSessionSealKey;
    g.consoleSessionSealKey = Buffer.alloc(32, 7);
    try {
      expect(openSession(sealed, now)).toBeUndefined();
    } finally {
      g.consoleSessionSealKey = mine;
    }
    expect(openSession(sealed, now)).toEqual({ name: 'viewer1', role: 'viewer' });
  });
});
