// The bench's command line: `npm run bench [-- --sizes 2000,100000 --runs 7 --load-seconds 30
// --zip-gib 1,2 --only list,find,details,tokens,zip,tracing,browser,load,interactions]`.
import path from 'node:path';

export const root = path.resolve(__dirname, '..', '..');
const args = new Map(
  process.argv
    .slice(2)
    .flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1] && !all[i + 1]!.startsWith('--') ? all[i + 1]! : 'true']] : [])),
);

export const PHASES = ['list', 'find', 'details', 'tokens', 'zip', 'tracing', 'browser', 'load', 'interactions'] as const;
export type Phase = (typeof PHASES)[number];
/** The phases that depend on how many recordings a container holds run at every size; the rest at the first. */
export const PER_SIZE: readonly Phase[] = ['list', 'find', 'details'];

const only = args.has('only') ? new Set(args.get('only')!.split(',')) : undefined;
for (const p of only ?? []) if (!(PHASES as readonly string[]).includes(p)) throw new Error(`--only takes ${PHASES.join(', ')}; not ${p}`);

// `--n 100000` (the old flag) is one size.
const sizes = (args.get('sizes') ?? args.get('n') ?? '2000,100000')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
if (!sizes.length) throw new Error('--sizes takes counts of recordings, e.g. 2000,100000');

export const options = {
  /** Container sizes, smallest first: where storage is fast the console's own cost shows. */
  sizes: [...sizes].sort((a, b) => a - b),
  runs: Math.max(5, Number(args.get('runs') ?? 7)),
  loadSeconds: Math.min(60, Number(args.get('load-seconds') ?? 30)),
  loadClients: 50,
  zipGib: (args.get('zip-gib') ?? '1,2')
    .split(',')
    .map(Number)
    .filter((g) => g > 0 && g <= 4),
  interactionsPerDay: Number(args.get('interactions-per-day') ?? 5_000),
  only,
};

export const phase = (name: Phase) => !only || only.has(name);
export const TENANT = 'mytenant';
export const BLOB_5MIB = 5 * 1024 * 1024;
