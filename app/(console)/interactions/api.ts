// The browser's side of the interactions API; failures become sentences (as on the Recordings page).
import { ApiError } from '../recordings/api';
import type { Agent, InteractionSummary as Interaction } from '@/lib/gim/types';
import type { InteractionSearch } from '@/lib/validations/interactions';

export type { Agent, Interaction };
export type Recording = { name: string; size?: number; storedTime?: string; recordingType?: string; daysLeft?: number; deletesOn?: string };
export type InteractionDetails = Interaction & { fields: Record<string, string>; recordings: Recording[] };
export type IndexStatus = {
  state: {
    watermark?: string;
    watermarkDate?: string;
    count: number;
    lastRunAt?: string;
    lastRunOutcome?: string;
    lastRunMessage?: string;
  };
  failed: { chunk: string; reason: string; at: string }[];
};

async function call<T>(input: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(input, {
      ...init,
      headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}) },
    });
  } catch {
    throw new ApiError('The console could not be reached. Check your connection.', 0);
  }
  if (response.ok) return (await response.json()) as T;
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  throw new ApiError(
    response.status === 401 ? 'Your session has ended. Sign in again.' : (body.error ?? `The console answered ${response.status}.`),
    response.status,
  );
}

export const searchInteractions = (p: { search: InteractionSearch; pageSize: number; continuation: string }, signal?: AbortSignal) =>
  call<{ items: Interaction[]; continuation?: string }>('/api/interactions/search', { method: 'POST', body: JSON.stringify(p), signal });

export const fetchRecordings = (guids: string[], signal?: AbortSignal) =>
  call<{ recordings: Record<string, Recording[]> }>('/api/interactions/recordings', {
    method: 'POST',
    body: JSON.stringify({ guids }),
    signal,
  });

export const fetchInteraction = (guid: string, signal?: AbortSignal) =>
  call<InteractionDetails>(`/api/interactions/details?${new URLSearchParams({ guid })}`, { signal });

export const fetchIndexStatus = (signal?: AbortSignal) => call<IndexStatus>('/api/interactions/status', { signal });

export const indexNow = () =>
  call<{ outcome: string; chunks: number; failed: number; rows: number; message?: string }>('/api/interactions/index', {
    method: 'POST',
    body: JSON.stringify({ run: true }),
  });

export function durationText(i: Pick<Interaction, 'startSec' | 'endSec'>): string {
  if (i.endSec === undefined) return 'ongoing';
  const s = Math.max(0, i.endSec - i.startSec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export const agentText = (agents: Agent[]) =>
  agents.length ? agents.map((a) => (a.employeeId ? `${a.name} (${a.employeeId})` : a.name)).join('; ') : '—';
