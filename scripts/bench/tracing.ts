// Tracing's cost: the same 1 GiB zip through a second console that sends OpenTelemetry traces
// to a sink on loopback, runs taking turns with the first (tracing off), all sharing the cores.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../lib/azurite';
import { expectOk } from './http';
import { cpuDuring } from './processes';
import { json, log, rows } from './results';
import { signIn, startConsole, type Stack } from './stack';
import { median } from './stats';
import { zipNames } from './zip';

export async function benchTracing(s: Stack, runs: number) {
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const tracedPort = await freePort();
  const tracedPid = await startConsole(s.connection, tracedPort, s.password, { OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl });
  const tracedBase = `http://127.0.0.1:${tracedPort}`;
  const tracedHeaders = { Cookie: await signIn(tracedBase, s.password), Accept: 'application/json' };
  const names = zipNames(200);
  const zipVia = async (via: string, viaHeaders: Record<string, string>) => {
    let bytes = 0;
    const res = await expectOk(
      await fetch(`${via}/api/blobs/zip`, {
        method: 'POST',
        headers: { ...viaHeaders, 'Content-Type': 'application/json' },
        body: JSON.stringify({ container: 'recordings', names }),
      }),
      'zip',
    );
    for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
    return bytes;
  };
  const perGiB = { off: [] as number[], on: [] as number[] };
  await zipVia(s.base, s.headers);
  await zipVia(tracedBase, tracedHeaders);
  for (let i = 0; i < runs; i++) {
    for (const [side, pid, via, viaHeaders] of [
      ['off', s.serverPid, s.base, s.headers],
      ['on', tracedPid, tracedBase, tracedHeaders],
    ] as const) {
      let bytes = 0;
      const run = await cpuDuring({ server: pid, azurite: s.az.blobPid }, async () => (bytes = await zipVia(via, viaHeaders)));
      perGiB[side].push(run.cpu.server / (bytes / 1024 ** 3));
    }
  }
  const [off, on] = [median(perGiB.off), median(perGiB.on)];
  rows.push({
    figure: `Zip of 1 GiB: console server CPU seconds per GiB, tracing on (OTLP to a sink) / off, median of ${runs}`,
    console: `${on.toFixed(2)} / ${off.toFixed(2)}`,
    raw: '',
    ratio: (on / off).toFixed(2),
    goal: '',
  });
  json.tracing = { serverCpuSecondsPerGiB: perGiB, medianOn: on, medianOff: off };
  log(
    `tracing: zip server CPU s/GiB on ${on.toFixed(2)} vs off ${off.toFixed(2)} (runs on ${perGiB.on.map((v) => v.toFixed(2)).join(', ')}; off ${perGiB.off.map((v) => v.toFixed(2)).join(', ')})`,
  );
  sink.close();
}
