import { PassThrough } from 'node:stream';
import { unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { prefetchNext } from './prefetch';
import { streamZip, type OpenedSource, type ZipSource } from './stream-zip';

it('opens each source once, the next one early, and keeps the bytes in order', async () => {
  const opened: string[] = [];
  const sources: ZipSource[] = ['a', 'b', 'c'].map((name) => ({
    name: `t/${name}.bin`,
    size: 3,
    open: async () => {
      opened.push(name);
      return (async function* () {
        yield new TextEncoder().encode(name.repeat(3));
      })();
    },
  }));
  const wrapped = prefetchNext(sources);
  const first = await wrapped[0]!.open(new AbortController().signal);
  expect(opened).toEqual(['a', 'b']);
  expect(first).toBeDefined();

  const fresh = prefetchNext(sources);
  opened.length = 0;
  const zip = new Uint8Array(await new Response(streamZip(fresh)).arrayBuffer());
  expect(opened).toEqual(['a', 'b', 'c']);
  const files = unzipSync(zip);
  expect(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextDecoder().decode(v)]))).toEqual({
    't/a.bin': 'aaa',
    't/b.bin': 'bbb',
    't/c.bin': 'ccc',
  });
});

it('opens a source again when its early response was closed while it waited for its turn', async () => {
  const bodies: PassThrough[] = [];
  const source = (name: string): ZipSource => ({
    name,
    open: async () => {
      const body = new PassThrough();
      body.end(new TextEncoder().encode(name));
      bodies.push(body);
      return { body };
    },
  });
  const [a, b] = prefetchNext([source('a'), source('b')]);
  const signal = new AbortController().signal;
  await a!.open(signal); // opens b early
  expect(bodies).toHaveLength(2);
  bodies[1]!.destroy(); // b's connection reached its idle limit meanwhile
  const reopened = (await b!.open(signal)) as OpenedSource;
  expect(bodies).toHaveLength(3);
  expect(reopened.body).toBe(bodies[2]);
  // A response that ended normally is used as it is.
  const [c, d] = prefetchNext([source('c'), source('d')]);
  await c!.open(signal);
  const early = bodies[4]!;
  early.resume();
  await new Promise((r) => early.once('end', r));
  expect(((await d!.open(signal)) as OpenedSource).body).toBe(early);
  expect(bodies).toHaveLength(5);
});
