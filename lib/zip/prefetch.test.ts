import { unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { prefetchNext } from './prefetch';
import { streamZip, type ZipSource } from './stream-zip';

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
  expect(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextDecoder().decode(v)]))).toEqual({ 't/a.bin': 'aaa', 't/b.bin': 'bbb', 't/c.bin': 'ccc' });
});
