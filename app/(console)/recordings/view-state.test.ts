import { describe, expect, it } from 'vitest';
import { findQuerySchema } from '@/lib/validations/find-query';
import { readView, toFindQuery, writeView } from './view-state';

const containers = ['recordings', 'gim-export'];
const view = (query: string) => readView(new URLSearchParams(query), containers);

describe('the Recordings view read from the URL', () => {
  it('falls back to defaults for an unknown container, page size or mode, and for tags that are not the expected JSON', () => {
    const v = view('container=elsewhere&size=7&mode=zip&tags=%7Bnot-json');
    expect(v).toMatchObject({ container: 'recordings', pageSize: 50, mode: 'browse', find: { tags: [] } });
    expect(view('mode=find&tags=[["k","!=","v"],["k2",">","v2"],"x"]').find.tags).toEqual([{ key: 'k2', op: '>', value: 'v2' }]);
  });

  it('round-trips a find view through writeView', () => {
    const v = view('container=gim-export&mode=find&type=CALL&from=2026-12-01T00:00&to=2026-12-01T23:59&tz=UTC&size=100');
    expect(view(writeView(v).slice(1))).toEqual(v);
  });
});

describe('toFindQuery, with the server’s schema', () => {
  it('refuses what the server refuses, with the field it concerns', () => {
    const bad = view(`mode=find&type=${encodeURIComponent("CALL' OR 'x")}`);
    expect(toFindQuery(bad.container, bad.find, findQuerySchema)).toEqual({
      errors: { recordingType: expect.stringMatching(/no quotes/) },
    });
    const backwards = view('mode=find&from=2026-12-02T00:00&to=2026-12-01T00:00&tz=UTC');
    expect(toFindQuery(backwards.container, backwards.find, findQuerySchema).errors.storedTo).toMatch(/after StoredTime from/);
    const badZone = view('mode=find&from=2026-12-01T00:00&tz=Mars/Olympus');
    expect(toFindQuery(badZone.container, badZone.find, findQuerySchema).errors.storedFrom).toMatch(/not a known timezone/);
    const empty = view('mode=find');
    expect(toFindQuery(empty.container, empty.find, findQuerySchema).errors.recordingType).toMatch(/at least one condition/);
  });

  it('turns a range in a zone into the StoredTime tags’ UTC form', () => {
    const v = view('mode=find&type=CALL&from=2026-07-01T00:00&to=2026-07-02T00:00&tz=America/New_York');
    expect(toFindQuery(v.container, v.find, findQuerySchema).query).toMatchObject({
      recordingType: 'CALL',
      storedFrom: '2026-07-01T04:00:00Z',
      storedTo: '2026-07-02T04:00:00Z',
    });
  });
});
