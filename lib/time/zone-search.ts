// Finding a timezone by what people type. Browsers list some zones under ids IANA has since renamed
// (Chromium: Asia/Calcutta, Europe/Kiev, Asia/Saigon), so each zone is shown by its current id and
// found by either, by its long names ("India Standard Time") and by its offset ("+05:30").
import { allTimeZones, isKnownTimeZone, offsetAt, timeZoneLabel, timeZoneName } from './zones';

/** IANA renames that ICU still lists under the old id (from tzdata's `backward` file). */
export const RENAMED_ZONES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** The id IANA uses today for `zone` (itself when it was never renamed). */
export function currentZoneId(zone: string): string {
  return RENAMED_ZONES[zone] ?? zone;
}

export type ZoneOption = {
  /** The id sent: the current one where this engine knows it, else the one it lists. Always a valid IANA id. */
  zone: string;
  /** The id as this engine lists it (may be legacy). */
  listed: string;
  /** The current IANA id, shown in the label. */
  id: string;
  label: string;
  /** Every word the option is found by: ids old and new, long names, offset spellings. */
  words: string[];
  idWords: Set<string>;
};

/** Lower case, separators as spaces, and "UTC+5" read as "utc +5". */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\u2212/g, '-')
    .replace(/[_/(),]/g, ' ')
    .replace(/(utc|gmt)(?=[+-])/g, '$1 ')
    .split(/\s+/)
    .filter(Boolean);
}

/** `+05:30`, `+5:30`, and for whole hours `+05` and `+5`: how people write an offset. */
function offsetWords(minutes: number): string[] {
  const sign = minutes < 0 ? '-' : '+';
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = String(Math.abs(minutes) % 60).padStart(2, '0');
  const hh = String(h).padStart(2, '0');
  const words = [`${sign}${hh}:${m}`, `${sign}${h}:${m}`];
  if (m === '00') words.push(`${sign}${hh}`, `${sign}${h}`);
  if (minutes === 0) words.push('±00:00', '-00:00', '0:00', '00:00');
  return words;
}

/** One zone as the engine lists it: its label and every word it is found by (a few Intl calls). */
export function zoneOption(listed: string, at: Date): ZoneOption {
  const id = currentZoneId(listed);
  const zone = isKnownTimeZone(id) ? id : listed;
  const names = [timeZoneName(listed, at, 'longGeneric'), timeZoneName(listed, at, 'long')].filter(Boolean).join(' ');
  const idWords = new Set(searchWords(`${listed} ${id}`));
  const label = timeZoneLabel(listed, at, 'en-US', id);
  const words = [
    ...new Set([...searchWords(`${label} ${names} gmt`), ...idWords, ...offsetWords(Math.round(offsetAt(listed, at) / 60_000))]),
  ];
  return { zone, listed, id, label, words, idWords };
}

/** Options once each by current id (the one listed under it wins over a legacy alias), in id order. */
export function collectZoneOptions(built: Iterable<ZoneOption>): ZoneOption[] {
  const byId = new Map<string, ZoneOption>();
  for (const option of built) {
    const earlier = byId.get(option.id);
    if (earlier && earlier.listed === earlier.id) continue;
    byId.set(option.id, option);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Every zone this engine knows, once each, by current id (~400 zones: a few hundred ms of Intl). */
export function zoneOptions(at: Date): ZoneOption[] {
  return collectZoneOptions(allTimeZones().map((listed) => zoneOption(listed, at)));
}

/** The option for a zone id, whether it arrives current or legacy. */
export function findZoneOption(options: readonly ZoneOption[], zone: string): ZoneOption | undefined {
  const id = currentZoneId(zone);
  return options.find((o) => o.id === id || o.listed === zone);
}

/**
 * Options matching every typed word, best first: a whole word beats the start of one, which beats
 * a part; a hit in the zone's id counts a little more than one in its long name, so "India" puts
 * India Standard Time before Indiana and "Pacific" puts Pacific/… before Pacific Time.
 */
export function searchZones(options: readonly ZoneOption[], query: string): ZoneOption[] {
  const typed = searchWords(query);
  if (typed.length === 0) return [...options];
  const scored: { option: ZoneOption; score: number; at: number }[] = [];
  options.forEach((option, at) => {
    let score = 0;
    for (const t of typed) {
      let best = 0;
      for (const w of option.words) {
        const base = w === t ? 3 : w.startsWith(t) ? 2 : w.includes(t) ? 1 : 0;
        const s = base && option.idWords.has(w) ? base + 0.5 : base;
        if (s > best) best = s;
      }
      if (best === 0) return;
      score += best;
    }
    scored.push({ option, score, at });
  });
  return scored.sort((a, b) => b.score - a.score || a.at - b.at).map((s) => s.option);
}
