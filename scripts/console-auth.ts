// Sign-in settings for `npm start` in embedded mode: a session secret and, when no account is
// configured, a demo administrator with a random password, printed once when it is created and
// kept (as a hash only) next to Azurite's data so it survives restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashPassword } from '../lib/auth/passwords';
import type { Config } from '../lib/config';

type Stored = { secret: string; admin?: { username: string; passwordHash: string } };

export async function embeddedAuthEnv(config: Config, location: string, log: (m: string) => void): Promise<Record<string, string>> {
  const file = path.join(location, 'console-auth.json');
  const stored: Stored = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Stored)
    : { secret: randomBytes(32).toString('base64') };
  const out: Record<string, string> = {};
  if (!config.auth.secret) out.AUTH_SECRET = stored.secret;

  const hasAccounts = config.auth.localAccounts.length > 0 || config.auth.oidc;
  if (!hasAccounts) {
    if (!stored.admin) {
      const password = randomBytes(18).toString('base64url');
      stored.admin = { username: 'admin', passwordHash: await hashPassword(password) };
      log('');
      log('  A demo administrator was created (shown only this once):');
      log(`    username: ${stored.admin.username}`);
      log(`    password: ${password}`);
      log(`  To get a new password, stop the console and delete ${file}.`);
      log('');
    } else {
      log(`sign in as "${stored.admin.username}" (its password was printed when it was created; delete ${file} for a new one)`);
    }
    out.ADMIN_USERNAME = stored.admin.username;
    out.ADMIN_PASSWORD_HASH = stored.admin.passwordHash;
  }
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return out;
}
