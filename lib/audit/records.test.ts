import { describe, expect, it } from 'vitest';
import { auditFilterSchema, auditKeys, auditODataFilter, csvHeader, csvRow, scrub } from './records';

describe('audit records', () => {
  it('keys sort newest first, across months too', () => {
    const a = auditKeys(new Date('2026-11-30T10:00:00Z'), 'aa');
    const b = auditKeys(new Date('2026-11-30T10:00:01Z'), 'aa');
    const c = auditKeys(new Date('2026-12-01T00:00:00Z'), 'aa');
    expect(b.rowKey < a.rowKey).toBe(true);
    expect(c.partitionKey < a.partitionKey).toBe(true);
  });

  it('scrubs SAS signatures wherever they appear', () => {
    expect(scrub('https://a/b?sv=1&sig=abc%2Fdef&se=2')).toBe('https://a/b?sv=1&sig=REDACTED&se=2');
    expect(scrub('{"url":"x?sig=QQ=="}')).toBe('{"url":"x?sig=REDACTED"}');
  });

  it('builds OData filters with quotes escaped and whole UTC days', () => {
    const f = auditFilterSchema.parse({ user: "o'brien", action: 'tokens.generate', from: '2026-11-01', to: '2026-11-30' });
    expect(auditODataFilter(f)).toBe(
      "user eq 'o''brien' and action eq 'tokens.generate' and at ge '2026-11-01T00:00:00.000Z' and at lt '2026-12-01T00:00:00.000Z'",
    );
    expect(auditODataFilter(auditFilterSchema.parse({}))).toBeUndefined();
  });

  it('refuses unknown actions and impossible dates', () => {
    expect(auditFilterSchema.safeParse({ action: 'drop table' }).success).toBe(false);
    expect(auditFilterSchema.safeParse({ from: '2026-99-01' }).success).toBe(false);
    expect(auditFilterSchema.safeParse({ to: '2026-02-30' }).success).toBe(false);
  });

  it('writes CSV that spreadsheets cannot execute', () => {
    expect(csvHeader()).toBe('at,user,role,action,outcome,ip,details\r\n');
    const row = csvRow({
      id: 'x',
      at: '2026-11-30T10:00:00.000Z',
      user: '=cmd|calc',
      action: 'sign-in',
      outcome: 'ok',
      details: { a: 'b,"c"' },
    });
    expect(row).toBe(`2026-11-30T10:00:00.000Z,'=cmd|calc,,sign-in,ok,,"{""a"":""b,\\""c\\""""}"\r\n`);
  });
});
