// The timezone picker's ~400 options cost a few hundred ms of Intl calls (~1 s on a busy 2-core
// machine, measured in a cold load's CPU profile): never during a render, so neither the server's
// first byte nor hydration waits for them. They are built in idle slices after the page is up, or at
// once when someone opens the list first.
import { allTimeZones } from '@/lib/time/zones';
import { collectZoneOptions, zoneOption, type ZoneOption } from '@/lib/time/zone-search';

let at: Date | undefined;
const built: ZoneOption[] = [];
let next = 0;
let options: ZoneOption[] | undefined;
let idle: Promise<ZoneOption[]> | undefined;

function build(count: number): ZoneOption[] | undefined {
  const zones = allTimeZones();
  at ??= new Date();
  for (const end = Math.min(zones.length, next + count); next < end; next++) built.push(zoneOption(zones[next]!, at));
  if (next >= zones.length) options ??= collectZoneOptions(built);
  return options;
}

/** Every option, now (finishing whatever the idle slices left). */
export function zoneOptionsNow(): ZoneOption[] {
  return build(Infinity)!;
}

/** Every option, built a few zones at a time while the browser is idle. */
export function zoneOptionsWhenIdle(): Promise<ZoneOption[]> {
  return (idle ??= new Promise((resolve) => {
    const slice = (deadline?: IdleDeadline) => {
      // One zone at a time: a zone is 4 Intl formats, ~1 ms idle but ~10 ms on a busy machine, where
      // slices of 8 ran 90 ms past their deadline (a cold load's trace) and held up the first keystrokes.
      do {
        const done = build(1);
        if (done) return resolve(done);
      } while (deadline && deadline.timeRemaining() > 4);
      later(slice);
    };
    later(slice);
  }));
}

function later(fn: (deadline?: IdleDeadline) => void) {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 2_000 });
  else setTimeout(fn, 0);
}
