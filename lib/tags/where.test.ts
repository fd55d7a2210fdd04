import { describe, expect, it } from 'vitest';
import { findQuerySchema } from '../validations/find-query';
import { buildWhere, findCurl, TAG_OPERATORS } from './where';

const where = (input: object) => buildWhere(findQuerySchema.parse({ container: 'recordings', ...input }));
const errors = (input: object) => {
  const r = findQuerySchema.safeParse({ container: 'recordings', ...input });
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('buildWhere', () => {
  it('always scopes to the container, with RecordingType and a StoredTime range', () => {
    expect(where({ recordingType: 'CALL', storedFrom: '2026-11-01T00:00:00Z', storedTo: '2026-11-02T00:00:00Z' })).toBe(
      "@container='recordings' AND RecordingType = 'CALL' AND StoredTime >= '2026-11-01T00:00:00Z' AND StoredTime < '2026-11-02T00:00:00Z'",
    );
  });

  it('supports every operator, and quotes keys that are not bare words', () => {
    for (const op of TAG_OPERATORS) {
      expect(where({ tags: [{ key: 'Queue', op, value: 'Sales' }] })).toBe(`@container='recordings' AND Queue ${op} 'Sales'`);
    }
    expect(where({ tags: [{ key: 'agent id', op: '=', value: 'a/b-1' }] })).toBe(`@container='recordings' AND "agent id" = 'a/b-1'`);
  });

  it('refuses quotes and characters Azure does not allow, never escaping them', () => {
    expect(errors({ recordingType: "CALL' OR 1=1" })[0]).toMatch(/no quotes/);
    expect(errors({ tags: [{ key: 'x"y', op: '=', value: 'v' }] })[0]).toMatch(/Tag names may contain only/);
    expect(errors({ tags: [{ key: 'k', op: '=', value: 'a;b' }] })[0]).toMatch(/Tag values may contain only/);
    expect(errors({ tags: [{ key: 'k', op: 'LIKE', value: 'a' }] })[0]).toBe('Choose one of = > >= < <=.');
    expect(errors({ tags: [{ key: 'k', op: '=', value: 'ok' }], recordingType: 'CALL)' })).toHaveLength(1);
  });

  it('needs a condition, a real StoredTime format and a forward range', () => {
    expect(errors({})).toEqual(['Add at least one condition: a RecordingType, a StoredTime range or a tag.']);
    expect(errors({ storedFrom: '2026-11-01' })[0]).toMatch(/YYYY-MM-DDTHH:MM:SSZ/);
    expect(errors({ storedFrom: '2026-11-02T00:00:00Z', storedTo: '2026-11-01T00:00:00Z' })).toEqual([
      'StoredTime to must be after StoredTime from.',
    ]);
    const nine = Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, op: '=', value: 'v' }));
    expect(errors({ recordingType: 'CALL', tags: nine })).toEqual([]);
    expect(errors({ recordingType: 'CALL', storedFrom: '2026-11-01T00:00:00Z', tags: nine })).toEqual([
      "At most 10 conditions in one query (Azure's limit).",
    ]);
  });

  it('gives the matching curl command with a token placeholder', () => {
    expect(findCurl('https://t.blob.core.windows.net/', "@container='recordings' AND RecordingType = 'CALL'")).toBe(
      `curl --request GET "https://t.blob.core.windows.net/?<ACCOUNT SAS TOKEN>&comp=blobs&where=%40container%3D'recordings'%20AND%20RecordingType%20%3D%20'CALL'"`,
    );
  });
});
