// Next.js calls register() once when a server process starts: traces, when configured, and the
// API's direct lane, which scripts/serve.mjs finds under a global name (lib/api/direct.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const [{ env }, { directApi }, { directRoutes }] = await Promise.all([
    import('./lib/env'),
    import('./lib/api/direct'),
    import('./app/api/direct-routes'),
  ]);
  (globalThis as unknown as { __consoleApiLane?: unknown }).__consoleApiLane = directApi(directRoutes);
  const endpoint = env().otlpEndpoint;
  if (!endpoint) return;
  const { startTracing } = await import('./lib/tracing-setup');
  startTracing(endpoint);
}
