// The environment the end-to-end run's console starts with (playwright.config.ts), and the one a
// second console process gets when a test runs two behind one storage account (e2e/instances.ts).
import { E2E } from './ports';

export function appEnv(): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PORT: String(E2E.port),
    HOST: '127.0.0.1',
    AZURITE_BLOB_PORT: String(E2E.blobPort),
    AZURITE_TABLE_PORT: String(E2E.tablePort),
    AZURITE_LOCATION: E2E.azuriteLocation,
    NEXT_TELEMETRY_DISABLED: '1',
    // The tests play the reverse proxy: the addresses they put in X-Forwarded-For are believed.
    TRUSTED_PROXIES: '1',
    ADMIN_USERNAME: E2E.admin,
    ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
    LOCAL_USERS: JSON.stringify([
      { username: E2E.viewer, role: 'viewer', password: process.env.E2E_VIEWER_PASSWORD },
      { username: E2E.target, role: 'admin', password: process.env.E2E_TARGET_PASSWORD },
      { username: E2E.attacked, role: 'admin', password: process.env.E2E_ATTACKED_PASSWORD },
    ]),
    OIDC_ISSUER: `http://127.0.0.1:${E2E.oidcPort}`,
    OIDC_CLIENT_ID: 'blob-console',
    OIDC_CLIENT_SECRET: process.env.E2E_OIDC_SECRET,
    OIDC_NAME: E2E.oidcName,
    // Roles by subject id, by verified email and by group (see the people in e2e/oidc-issuer.mjs).
    ADMIN_USERS: 'sso-admin',
    VIEWER_USERS: 'sso-viewer@contoso.example',
    OIDC_ADMIN_GROUPS: 'contact-center-admins',
    // Roles asked of the issuer again every 5 s (15 minutes by default), so a test can see a removal take effect.
    SSO_ROLE_CHECK_SECONDS: '5',
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
