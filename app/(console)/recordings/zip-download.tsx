'use client';

import { useEffect, useRef, useState } from 'react';
import { formatBytes } from '@/lib/format';
import type { FindQuery } from '@/lib/tags/where';
import { keepZipEnd, readZipEnd } from '@/lib/zip/zip-end';

export type ZipRequest = { container: string; names: string[] } | { container: string; query: FindQuery };
/** What the interactions export takes: chosen interactions, or a search. */
export type InteractionsZipRequest = { guids: string[] } | { search: Record<string, string> };

type State =
  | { phase: 'idle' }
  | { phase: 'running'; received: number; total?: number }
  | { phase: 'done'; message: string; warning?: string }
  | { phase: 'error'; message: string };

type SaveTarget = { write: (chunk: Uint8Array) => Promise<void>; close: () => Promise<void>; abort: () => Promise<void> };

type FilePickerWindow = Window & {
  showSaveFilePicker?: (options: {
    suggestedName: string;
    types?: { description: string; accept: Record<string, string[]> }[];
  }) => Promise<{
    createWritable: () => Promise<{ write: (data: Uint8Array) => Promise<void>; close: () => Promise<void>; abort: () => Promise<void> }>;
  }>;
};

/**
 * Where the zip goes: straight to a file where the browser allows it (asked first, while the click
 * still counts as a user gesture), else memory then a download.
 */
async function saveTarget(fileName: string): Promise<SaveTarget> {
  const picker = (window as FilePickerWindow).showSaveFilePicker;
  if (picker && !navigator.webdriver) {
    const handle = await picker({
      suggestedName: fileName,
      types: [{ description: 'Zip archive', accept: { 'application/zip': ['.zip'] } }],
    });
    const writable = await handle.createWritable();
    return { write: (c) => writable.write(c), close: () => writable.close(), abort: () => writable.abort() };
  }
  return memoryTarget(fileName);
}

function memoryTarget(fileName: string): SaveTarget {
  const chunks: Uint8Array[] = [];
  return {
    write: async (c) => void chunks.push(c),
    close: async () => {
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: 'application/zip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    abort: async () => void (chunks.length = 0),
  };
}

function fileNameFrom(disposition: string | null): string {
  const match = disposition && /filename="([^"]+)"/.exec(disposition);
  return match?.[1] ?? `recordings-${new Date().toISOString().slice(0, 10)}.zip`;
}

/**
 * One zip of many blobs, streamed by the server as they arrive; progress and Cancel in the page.
 * `expectedBytes` (the selected rows' sizes) sizes the progress bar when the server cannot say.
 */
export function ZipDownload({
  label,
  request,
  expectedBytes,
  endpoint = '/api/blobs/zip',
}: {
  label: string;
  request: ZipRequest | InteractionsZipRequest;
  expectedBytes?: number;
  endpoint?: string;
}) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);
  // Leaving the page (or the button going away) stops the download and the server's reads.
  useEffect(() => () => controller.current?.abort(), []);

  async function start() {
    const abort = new AbortController();
    controller.current = abort;
    let target: SaveTarget | undefined;
    try {
      target = await saveTarget(`recordings-${new Date().toISOString().slice(0, 10)}.zip`);
    } catch {
      return; // the person closed the save dialog
    }
    setState({ phase: 'running', received: 0 });
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/zip' },
        body: JSON.stringify(request),
        signal: abort.signal,
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        throw new Error(
          response.status === 401 ? 'Your session has ended. Sign in again.' : (body.error ?? `The console answered ${response.status}.`),
        );
      }
      const total = Number(response.headers.get('X-Zip-Bytes')) || expectedBytes || undefined;
      const fileName = fileNameFrom(response.headers.get('Content-Disposition'));
      // The in-memory fallback names the file as the server does; a picked file keeps its chosen name.
      if (!(window as FilePickerWindow).showSaveFilePicker || navigator.webdriver) target = memoryTarget(fileName);
      const reader = response.body.getReader();
      let received = 0;
      let tail: Uint8Array = new Uint8Array(0);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await target.write(value);
        received += value.byteLength;
        tail = keepZipEnd(tail, value);
        setState({ phase: 'running', received, total });
      }
      // The zip's end says how many files it holds, and its comment what was left out.
      const end = readZipEnd(tail);
      if (!end) throw new Error('The zip arrived incomplete. Try again.');
      await target.close();
      // A comment comes only with the list of what was left out, itself a file in the zip.
      const files = end.entries - (end.comment ? 1 : 0);
      setState({
        phase: 'done',
        message: `Saved ${fileName} (${formatBytes(received)}, ${files} ${files === 1 ? 'file' : 'files'}).`,
        warning: end.comment || undefined,
      });
    } catch (error) {
      const cancelled = abort.signal.aborted;
      abort.abort();
      await target?.abort().catch(() => undefined);
      setState(
        cancelled
          ? { phase: 'done', message: 'Download cancelled.' }
          : { phase: 'error', message: error instanceof Error ? error.message : 'The zip download failed.' },
      );
    } finally {
      controller.current = null;
    }
  }

  if (state.phase === 'running') {
    // The zip's own headers add a little to the blobs' bytes: 100% waits for the end.
    const percent = state.total ? Math.min(99, Math.round((state.received / state.total) * 100)) : undefined;
    return (
      <span className="zip-progress">
        <progress max={100} value={percent} aria-label="Zip download progress" />
        <span>
          {formatBytes(state.received)}
          {state.total ? ` of ${formatBytes(state.total)} (${percent}%)` : ''}
        </span>
        {/* Announced in tens of percent, not on every chunk. */}
        <span className="visually-hidden" role="status">
          {percent === undefined ? 'Downloading' : `${Math.floor(percent / 10) * 10}% downloaded`}
        </span>
        <button type="button" className="btn btn-small" onClick={() => controller.current?.abort()}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <span className="zip-download">
      <button type="button" className="btn btn-small btn-primary" onClick={start}>
        {label}
      </button>
      {state.phase !== 'idle' && (
        <span role="status" className={state.phase === 'error' ? 'error' : 'hint'}>
          {state.message}
          {state.phase === 'done' && state.warning && <strong className="zip-warning"> {state.warning}</strong>}
        </span>
      )}
    </span>
  );
}
