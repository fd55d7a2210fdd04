import { describe, expect, it } from 'vitest';
import { currentZoneId, findZoneOption, RENAMED_ZONES, searchZones, zoneOptions } from './zone-search';
import { isKnownTimeZone, offsetAt, utcOffsetLabel } from './zones';

const at = new Date('2026-12-01T12:00:00Z');
const options = zoneOptions(at);
const listed = Intl.supportedValuesOf('timeZone');
const find = (query: string) => searchZones(options, query).map((o) => o.id);
/** The city of an id as people type it: `America/Argentina/Buenos_Aires` → `Buenos Aires`. */
const city = (id: string) => id.split('/').pop()!.replace(/_/g, ' ');

describe('zoneOptions', () => {
  it('offers every zone the engine lists, once, by its current id, with a value the engine accepts', () => {
    for (const zone of listed) {
      const option = findZoneOption(options, zone);
      expect(option, zone).toBeDefined();
      expect(option!.id).toBe(currentZoneId(zone));
      expect(option!.label.endsWith(`${option!.id})`) || option!.label.endsWith(` ${option!.id}`), option!.label).toBe(true);
      expect(isKnownTimeZone(option!.zone), option!.zone).toBe(true);
      // The value sent means the same clock as the id listed.
      expect(offsetAt(option!.zone, at)).toBe(offsetAt(zone, at));
    }
    expect(new Set(options.map((o) => o.id)).size).toBe(options.length);
  });

  it('shows the current name of renamed zones, and finds them by the new and the old one', () => {
    for (const [legacy, current] of Object.entries(RENAMED_ZONES)) {
      if (!listed.includes(legacy) && !listed.includes(current)) continue;
      expect(find(city(current)), current).toContain(current);
      expect(find(city(legacy)), legacy).toContain(current);
      expect(find(current), current).toContain(current);
      expect(find(legacy), legacy).toContain(current);
    }
    expect(findZoneOption(options, 'Asia/Calcutta')?.label).toBe('UTC(+05:30) India Standard Time (Asia/Kolkata)');
    expect(find('Kolkata')).toEqual(['Asia/Kolkata']);
    expect(find('Kyiv')).toEqual(['Europe/Kyiv']);
    expect(find('ho chi minh')).toEqual(['Asia/Ho_Chi_Minh']);
  });
});

describe('searchZones', () => {
  it('finds every zone by its city, its long name and its offset', () => {
    for (const option of options) {
      expect(find(city(option.id)), option.id).toContain(option.id);
      const name = /\) (.+) \(/.exec(option.label)?.[1];
      if (name) expect(find(name), `${option.id} by "${name}"`).toContain(option.id);
      const offset = utcOffsetLabel(option.listed, at).slice(4, -1);
      expect(find(offset), `${option.id} by ${offset}`).toContain(option.id);
      expect(find(`UTC${offset}`), `${option.id} by UTC${offset}`).toContain(option.id);
    }
  });

  it('puts whole words before words that merely start with what was typed', () => {
    const india = find('India');
    // India Standard Time (Kolkata and Colombo share it) first, then Indian Ocean and Indiana zones.
    expect(india.slice(0, 2).sort()).toEqual(['Asia/Colombo', 'Asia/Kolkata']);
    expect(india).toContain('America/Indiana/Indianapolis');
    expect(india.indexOf('Asia/Kolkata')).toBeLessThan(india.indexOf('America/Indiana/Indianapolis'));
    expect(find('Pacific')[0]).toMatch(/^Pacific\//);
    expect(find('berlin')).toEqual(['Europe/Berlin']);
  });

  it('reads offsets however they are written', () => {
    for (const q of ['+05:30', '+5:30', 'UTC+05:30', 'GMT+5:30', 'utc +05:30']) expect(find(q), q).toContain('Asia/Kolkata');
    expect(find('+05:30')).not.toContain('America/Indiana/Indianapolis');
    expect(find('-08:00')).toContain('America/Los_Angeles');
    expect(find('UTC-8')).toContain('America/Los_Angeles');
    expect(find('\u221208:00')).toContain('America/Los_Angeles');
  });

  it('finds nothing for nonsense and everything for nothing', () => {
    expect(find('no such place')).toEqual([]);
    expect(find('  ')).toHaveLength(options.length);
  });
});
