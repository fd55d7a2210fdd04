import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { DEFAULT_MAPPING, parseMapping } from './mapping';

describe('GIM mapping', () => {
  it('defaults to the Info Mart names', () => {
    expect(parseMapping(undefined)).toEqual({ ok: true, mapping: DEFAULT_MAPPING });
    expect(DEFAULT_MAPPING.interaction.joinKey).toBe('MEDIA_SERVER_IXN_GUID');
    expect(parseConfig({}).gim).toEqual({ intervalMinutes: 10, mapping: DEFAULT_MAPPING });
  });

  it('merges a partial override key by key; customerAddress replaces as a whole', () => {
    const parsed = parseMapping(
      JSON.stringify({ interaction: { joinKey: 'MEDIA_SERVER_ROOT_IXN_GUID' }, customerAddress: { INBOUND: 'SOURCE_ADDRESS' } }),
    );
    expect(parsed.ok && parsed.mapping.interaction).toEqual({ ...DEFAULT_MAPPING.interaction, joinKey: 'MEDIA_SERVER_ROOT_IXN_GUID' });
    expect(parsed.ok && parsed.mapping.customerAddress).toEqual({ INBOUND: 'SOURCE_ADDRESS' });
  });

  it('names what is wrong, and stops the start', () => {
    expect(parseMapping('{nope')).toEqual({ ok: false, message: expect.stringMatching(/must be JSON/) });
    expect(parseMapping('{"interaction":{"start":"START TS"}}')).toEqual({
      ok: false,
      message: expect.stringMatching(/interaction\.start/),
    });
    expect(parseMapping('{"extra":1}')).toEqual({ ok: false, message: expect.stringMatching(/GIM_MAPPING/) });
    expect(() => parseConfig({ GIM_MAPPING: '[]' })).toThrow(/GIM_MAPPING must be a JSON object/);
    expect(() => parseConfig({ INDEX_INTERVAL_MINUTES: '0' })).toThrow(/INDEX_INTERVAL_MINUTES/);
  });
});
