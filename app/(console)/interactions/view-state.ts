// The Interactions view lives in the URL (bookmarkable, Back works): the search, the page size and
// the interaction whose details are open.
import { addDaysLocal, utcToLocalInput } from '@/lib/time/zones';
import type { InteractionSearch } from '@/lib/validations/interactions';
import { INTERACTION_PAGE_SIZES } from '@/lib/validations/limits';

export type SearchForm = InteractionSearch;
export type View = { search?: SearchForm; pageSize: number; open?: string };

const FIELDS = ['from', 'to', 'zone', 'customer', 'agent', 'interaction', 'media', 'direction'] as const;

/** The last seven days up to the next hour, in `zone`. */
export function defaultForm(zone: string, now = new Date()): SearchForm {
  const to = utcToLocalInput(new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000), zone);
  return { from: addDaysLocal(to, -7) ?? to, to, zone, customer: '', agent: '', interaction: '', media: '', direction: '' };
}

export function readView(params: URLSearchParams): View {
  const size = Number(params.get('pageSize'));
  const view: View = {
    pageSize: (INTERACTION_PAGE_SIZES as readonly number[]).includes(size) ? size : 50,
    open: params.get('open') || undefined,
  };
  if (params.get('from') && params.get('to') && params.get('zone')) {
    view.search = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as SearchForm;
  }
  return view;
}

export function writeView(view: View): string {
  const q = new URLSearchParams();
  if (view.search) for (const f of FIELDS) if (view.search[f]) q.set(f, view.search[f]);
  if (view.pageSize !== 50) q.set('pageSize', String(view.pageSize));
  if (view.open) q.set('open', view.open);
  const s = q.toString();
  return s ? `?${s}` : '';
}
