import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      // 'server-only' throws outside Next's react-server build; unit tests run the same modules in plain Node.
      'server-only': fileURLToPath(new URL('./lib/testing/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    include: ['{lib,components,scripts,app}/**/*.test.ts'],
    environment: 'node',
    // A zone with DST, so no test can pass only because the machine runs on UTC.
    env: { TZ: 'America/Los_Angeles' },
  },
});
