// Node streams as sources (storage's HTTP responses): relayed in joined chunks, cut short, stalled or closed early.
import { randomBytes } from 'node:crypto';
import { getEventListeners, once } from 'node:events';
import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { MIN_CHUNK_BYTES, READ_AHEAD_BYTES, streamZip, type ZipOptions, type ZipSource } from './stream-zip';
import { MiB, collect, text, parseZip, expectSameFiles } from '../testing/zip-archives';

describe('streamZip Node stream sources (storage responses)', () => {
  /** An HTTP server on loopback answering each path with its bytes in 64 KiB writes, or cutting the answer short. */
  async function server(files: Record<string, Uint8Array>, cutAfter?: number) {
    const srv = createServer(async (req, res) => {
      const data = files[req.url!.slice(1)]!;
      res.writeHead(200, { 'Content-Length': String(data.length) });
      for (let at = 0; at < data.length; at += 64 * 1024) {
        if (cutAfter !== undefined && at >= cutAfter) return res.socket?.destroy();
        if (!res.write(data.subarray(at, at + 64 * 1024))) await once(res, 'drain');
      }
      res.end();
    });
    srv.listen(0, '127.0.0.1');
    await once(srv, 'listening');
    const { port } = srv.address() as AddressInfo;
    const responses: IncomingMessage[] = [];
    const source = (name: string): ZipSource => ({
      name,
      open: (signal) =>
        new Promise((resolve, reject) =>
          get(`http://127.0.0.1:${port}/${name}`, { signal }, (res) => (responses.push(res), resolve(res))).on('error', reject),
        ),
    });
    return { source, responses, close: () => new Promise((r) => srv.close(r)) };
  }

  it('relays HTTP responses byte for byte, in joined chunks', async () => {
    const files = { 'a.bin': randomBytes(3 * MiB + 4321), 'b.bin': randomBytes(10), 'empty.bin': new Uint8Array(0) };
    const http = await server(files);
    try {
      const sizes: number[] = [];
      const stream = streamZip(Object.keys(files).map(http.source));
      const parts: Uint8Array[] = [];
      for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
        parts.push(chunk);
        sizes.push(chunk.length);
      }
      const zip = new Uint8Array(Buffer.concat(parts));
      expectSameFiles(unzipSync(zip), files);
      expect(parseZip(zip).entries.map((e) => e.name)).toEqual(Object.keys(files));
      // a.bin's bytes leave in joined chunks (socket reads are at most 64 KiB), only the last one short.
      const data = sizes.filter((size) => size > 1000);
      expect(data.reduce((sum, size) => sum + size, 0)).toBe(files['a.bin'].length);
      expect(data.slice(0, -1).every((size) => size >= MIN_CHUNK_BYTES)).toBe(true);
    } finally {
      await http.close();
    }
  });

  it('reads a response no further ahead than a slow consumer', async () => {
    const data = randomBytes(40 * MiB);
    const http = await server({ 'big.bin': data });
    try {
      const reader = streamZip([http.source('big.bin')]).getReader();
      await reader.read(); // local header
      let received = 0;
      for (let i = 0; i < 10; i++) {
        await sleep(20);
        received += (await reader.read()).value!.length;
      }
      const response = http.responses[0]!;
      // What the response has handed over: the zip's read-ahead and one joined chunk, plus what its own buffer holds.
      const readFromSocket = response.socket!.bytesRead;
      expect(readFromSocket - received).toBeLessThan(READ_AHEAD_BYTES + 2 * MIN_CHUNK_BYTES + 4 * MiB);
      await reader.cancel();
      await vi.waitFor(() => expect(response.destroyed).toBe(true));
    } finally {
      await http.close();
    }
  });

  it('errors when a response is cut short, and skips one cut before any of it was written', async () => {
    const http = await server({ 'cut.bin': randomBytes(2 * MiB), 'early.bin': randomBytes(2 * MiB) }, MIN_CHUNK_BYTES * 2);
    try {
      await expect(collect(streamZip([http.source('cut.bin')]))).rejects.toThrow();
    } finally {
      await http.close();
    }
    const early = await server({ 'early.bin': randomBytes(2 * MiB), 'ok.bin': text('ok') }, 64 * 1024);
    try {
      const onError = vi.fn<NonNullable<ZipOptions['onError']>>(() => 'skip');
      const zip = await collect(streamZip([early.source('early.bin'), early.source('ok.bin')], { onError }));
      expect(onError).toHaveBeenCalledWith('early.bin', expect.any(Error));
      expectSameFiles(unzipSync(zip), { 'ok.bin': text('ok') });
    } finally {
      await early.close();
    }
  });

  it('a stalled stream: cancelling destroys it, and opts.signal errors the zip with its reason', async () => {
    const stalled = () => {
      const body = new PassThrough();
      body.write(new Uint8Array(1000)); // less than a joined chunk, then nothing
      return body;
    };
    const first = stalled();
    const reader = streamZip([{ name: 'a.bin', open: async () => first }]).getReader();
    const pending = reader.read();
    await sleep(20);
    await reader.cancel();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(first.destroyed).toBe(true);

    const second = stalled();
    const abort = new AbortController();
    const zip = collect(streamZip([{ name: 'b.bin', open: async () => second }], { signal: abort.signal }));
    await sleep(20);
    abort.abort(new Error('user left'));
    await expect(zip).rejects.toThrow('user left');
    expect(second.destroyed).toBe(true);
  });

  it('errors at once for a response closed before its turn came, never waits', async () => {
    const http = await server({ 'gone.bin': randomBytes(2 * MiB) });
    try {
      const zip = streamZip([
        {
          name: 'gone.bin',
          open: async (signal) => {
            const response = await http.source('gone.bin').open(signal);
            (response as IncomingMessage).socket.destroy();
            await sleep(20);
            return response;
          },
        },
      ]);
      await expect(Promise.race([collect(zip), sleep(2_000).then(() => 'still waiting')])).rejects.toThrow();
    } finally {
      await http.close();
    }
  });

  it('leaves no listener on the zip signal after entries drained, skipped or failed', async () => {
    const http = await server({ 'a.bin': randomBytes(MIN_CHUNK_BYTES * 2), 'b.bin': text('b') }, undefined);
    const cut = await server({ 'cut.bin': randomBytes(2 * MiB) }, 64 * 1024);
    try {
      // Each source gets the zip's own signal; a reader that forgot its listener would leave it there.
      const signals = new Set<AbortSignal>();
      const watched = (source: ZipSource): ZipSource => ({ ...source, open: (signal) => (signals.add(signal), source.open(signal)) });
      const names = ['a.bin', 'b.bin', 'a.bin', 'b.bin'];
      const zip = await collect(
        streamZip([...names.map(http.source), cut.source('cut.bin'), http.source('b.bin')].map(watched), { onError: () => 'skip' }),
      );
      expect(parseZip(zip).entries).toHaveLength(5);
      expect(signals.size).toBe(1);
      expect(getEventListeners([...signals][0]!, 'abort')).toEqual([]);
    } finally {
      await http.close();
      await cut.close();
    }
  });

  it('errors when a stream closes without ending', async () => {
    const body = new PassThrough();
    body.write(new Uint8Array(10));
    setTimeout(() => body.destroy(), 10);
    await expect(collect(streamZip([{ name: 'a.bin', open: async () => body }]))).rejects.toThrow('closed before its end');
  });
});
