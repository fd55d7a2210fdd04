// The bench's HTTP client.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

export async function expectOk(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res;
}

/**
 * A GET or POST the way a browser makes it for the latency figures: keep-alive, gzip accepted and
 * decoded in one go. (fetch decodes gzip through a stream, which costs this client ~2 ms a
 * compressed answer that a browser does not pay; raw storage answers are not compressed.)
 */
const agent = new http.Agent({ keepAlive: true });
export function request(
  url: string,
  what: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; status?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? 'GET', agent, headers: { 'Accept-Encoding': 'gzip', ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
          if (res.statusCode !== (opts.status ?? 200)) reject(new Error(`${what} answered ${res.statusCode}: ${text.slice(0, 300)}`));
          else resolve(text);
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
