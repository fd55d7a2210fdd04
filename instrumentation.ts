// Next.js calls register() once when a server process starts: traces, when configured.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('./lib/env');
  const endpoint = env().otlpEndpoint;
  if (!endpoint) return;
  const { startTracing } = await import('./lib/tracing-setup');
  startTracing(endpoint);
}
