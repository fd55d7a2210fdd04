import 'server-only';
// The only reader of process.env: every setting is validated once, and a bad value stops the start
// with a message that names the variable (see lib/config.ts).
import { ConfigError, parseConfig, type Config } from './config';

export type { Config } from './config';

let cached: Config | undefined;

export function env(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For the start script: the same validation, reported as text instead of thrown. */
export function checkEnv(): { ok: true; config: Config } | { ok: false; message: string } {
  try {
    return { ok: true, config: env() };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, message: error.message };
    throw error;
  }
}
