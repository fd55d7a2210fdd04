// Timezone maths shared by the browser form and the server action: a wall-clock time typed in a
// chosen IANA zone becomes one exact UTC instant, or a clear reason why it cannot. Built on Intl
// alone: date-fns-tz reads dates through the machine's own zone, which gave wrong wall clocks on the
// machine's DST days (found by the property tests) and cost the browser bundle ~8 KB.

/** `YYYY-MM-DDTHH:mm`, what `<input type="datetime-local">` produces. */
export const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export type LocalToUtc =
  { ok: true; utc: Date } | { ok: false; reason: 'invalid' | 'unknown-zone' | 'nonexistent' | 'ambiguous'; message: string };

const HOUR = 3_600_000;

let zoneCache: readonly string[] | undefined;

/** Every zone the runtime knows, plus UTC (ICU lists it only as an alias). */
export function allTimeZones(): readonly string[] {
  if (!zoneCache) {
    const zones = new Set(Intl.supportedValuesOf('timeZone'));
    zones.add('UTC');
    zoneCache = [...zones].sort();
  }
  return zoneCache;
}

// Building an Intl.DateTimeFormat is the costly part of every zone call (a cold load's CPU profile
// put ~40 ms in isKnownTimeZone alone on a busy machine), so known zones and formats are kept; only
// zones that exist are kept, so text sent to the server cannot grow the caches.
const knownZones = new Set<string>();

export function isKnownTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    knownZones.add(zone);
    return true;
  } catch {
    return false;
  }
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function wallFormat(zone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(zone, format);
  }
  return format;
}

/** The wall clock in `zone` at an instant, as the UTC timestamp with the same fields. */
function wallClockMs(zone: string, instant: number): number {
  const parts = wallFormat(zone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}

/** Milliseconds `zone` is ahead of UTC at the instant `at`. */
export function offsetAt(zone: string, at: Date | number): number {
  const instant = Math.floor(new Date(at).getTime() / 1000) * 1000;
  return wallClockMs(zone, instant) - instant;
}

/** `YYYY-MM-DDTHH:mm`: the wall clock in `zone` at `at`. */
function wallClock(at: Date | number, zone: string): string {
  return new Date(wallClockMs(zone, new Date(at).getTime())).toISOString().slice(0, 16);
}

/** Parses `YYYY-MM-DDTHH:mm` into its fields, read as if it were UTC; undefined when not a real calendar time. */
export function parseLocalDateTime(value: string): number | undefined {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return undefined;
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const back = new Date(naive);
  // Date.UTC rolls 02-30 over into March; a real date survives the round trip unchanged.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return naive;
}

/**
 * The UTC instant of a wall-clock time in `zone`. Times skipped by a DST change (the spring gap)
 * and times that happen twice (the autumn overlap) are refused rather than shifted silently.
 */
export function localToUtc(value: string, zone: string): LocalToUtc {
  if (!isKnownTimeZone(zone)) {
    return { ok: false, reason: 'unknown-zone', message: `"${zone.slice(0, 64)}" is not a known timezone.` };
  }
  const naive = parseLocalDateTime(value);
  if (naive === undefined) {
    return { ok: false, reason: 'invalid', message: 'Enter a date and time.' };
  }
  // Offsets in force a day either side cover any DST change near this moment.
  const offsets = new Set([-24 * HOUR, 0, 24 * HOUR].map((d) => offsetAt(zone, naive + d)));
  const candidates = [...offsets]
    .map((offset) => naive - offset)
    .filter((instant) => wallClock(instant, zone) === value)
    .sort((a, b) => a - b);
  const shown = value.replace('T', ' ');
  if (candidates.length === 0) {
    return {
      ok: false,
      reason: 'nonexistent',
      message: `${shown} does not exist in ${zone}: the clocks skip it for daylight saving time. Choose a time outside the gap.`,
    };
  }
  if (candidates.length > 1) {
    const [first, second] = candidates as [number, number];
    return {
      ok: false,
      reason: 'ambiguous',
      message: `${shown} happens twice in ${zone} (${utcOffsetLabel(zone, new Date(first))} and ${utcOffsetLabel(
        zone,
        new Date(second),
      )}) because the clocks go back. Choose a time outside that hour.`,
    };
  }
  return { ok: true, utc: new Date(candidates[0] as number) };
}

/** `UTC(-08:00)` for the offset in force in `zone` at `at`. */
export function utcOffsetLabel(zone: string, at: Date): string {
  const minutes = Math.round(offsetAt(zone, at) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC(${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')})`;
}

const nameFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's English name in `style` ("Pacific Time", "Pacific Standard Time"), or undefined when it has none of its own. */
export function timeZoneName(zone: string, at: Date, style: 'longGeneric' | 'long', locale = 'en-US'): string | undefined {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'Coordinated Universal Time';
  try {
    const key = `${locale} ${style} ${zone}`;
    let format = nameFormats.get(key);
    if (!format) nameFormats.set(key, (format = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style })));
    const part = format.formatToParts(at).find((p) => p.type === 'timeZoneName');
    // Zones without a name of their own come back as "GMT+03:00", which the offset already says.
    return part?.value && !/^GMT([+-]|$)/.test(part.value) ? part.value : undefined;
  } catch {
    // An engine without longGeneric names still gets the offset and the zone id.
    return undefined;
  }
}

/**
 * `UTC(-08:00) Pacific Time (America/Los_Angeles)`, as the Agent Setup picker shows zones; `shownId`
 * replaces the id in the label (a legacy id's current name).
 */
export function timeZoneLabel(zone: string, at: Date, locale = 'en-US', shownId = zone): string {
  const name = timeZoneName(zone, at, 'longGeneric', locale);
  return name ? `${utcOffsetLabel(zone, at)} ${name} (${shownId})` : `${utcOffsetLabel(zone, at)} ${shownId}`;
}

/** A UTC instant as the wall-clock `YYYY-MM-DDTHH:mm` of `zone` (for filling datetime-local inputs). */
export function utcToLocalInput(at: Date, zone: string): string {
  return wallClock(at, zone);
}

/** `2026-12-01 09:00 UTC(+01:00)`: how the console shows an instant in a zone. */
export function formatInZone(at: Date, zone: string): string {
  return `${wallClock(at, zone).replace('T', ' ')} ${utcOffsetLabel(zone, at)}`;
}

/** `2026-12-01 08:00 UTC`. */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** ISO-8601 UTC without milliseconds (`2026-12-01T08:00:00Z`), the form SAS and tags use. */
export function isoSeconds(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Adds whole days to a wall-clock `YYYY-MM-DDTHH:mm`, keeping the clock time (as a calendar does). */
export function addDaysLocal(value: string, days: number): string | undefined {
  const naive = parseLocalDateTime(value);
  if (naive === undefined) return undefined;
  return new Date(naive + days * 24 * HOUR).toISOString().slice(0, 16);
}

/** The browser's (or server's) own zone, falling back to UTC when the engine does not say. */
export function localTimeZone(): string {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && isKnownTimeZone(zone) ? zone : 'UTC';
  } catch {
    return 'UTC';
  }
}
