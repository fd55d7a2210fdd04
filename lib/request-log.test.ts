import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countStorageCall, storageWait } from './request-log';

type Entry = { id: string; storageCalls: number; storageMs?: number };
const log = new AsyncLocalStorage<Entry>();
(globalThis as unknown as { __consoleRequestLog?: AsyncLocalStorage<Entry> }).__consoleRequestLog = log;

afterEach(() => vi.useRealTimers());

describe("the request's storage time", () => {
  it('counts overlapping calls once and the gaps between them not at all', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const entry: Entry = { id: 'r1', storageCalls: 0 };
    log.run(entry, () => {
      countStorageCall();
      const first = storageWait();
      vi.advanceTimersByTime(10);
      countStorageCall();
      const second = storageWait();
      vi.advanceTimersByTime(20);
      first();
      vi.advanceTimersByTime(10);
      second();
      second(); // a second mark changes nothing
      vi.advanceTimersByTime(100); // the console's own work: not storage's
      const third = storageWait();
      vi.advanceTimersByTime(5);
      third();
    });
    expect(entry.storageCalls).toBe(2);
    expect(entry.storageMs).toBe(45);
  });

  it('does nothing outside a logged request', () => {
    expect(() => storageWait()()).not.toThrow();
  });
});
