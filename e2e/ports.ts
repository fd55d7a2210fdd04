// Where the end-to-end run's own app and Azurite listen (apart from a developer's `npm start`), and who signs in.
// E2E_PORT_OFFSET moves every port, so two checkouts can run their end-to-end tests side by side.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);

export const E2E = {
  port: 3100 + offset,
  blobPort: 10100 + offset,
  tablePort: 10102 + offset,
  azuriteLocation: '.azurite-e2e',
  /** Everything the consoles under test wrote (e2e/zz-log-secrets.spec.ts reads it). */
  serverLog: '.e2e-server.log',
  admin: 'e2e-admin',
  viewer: 'e2e-viewer',
  /** An administrator the lockout and session tests sign in and out, leaving the others' sessions alone. */
  target: 'e2e-target',
  /** The administrator the brute-force test attacks (its counts then stay up for 15 minutes). */
  attacked: 'e2e-attacked',
  adminState: 'e2e/.auth/admin.json',
  viewerState: 'e2e/.auth/viewer.json',
  /** The test OpenID Connect issuer (e2e/oidc-issuer.mjs) and the names the console maps to roles. */
  oidcPort: 3200 + offset,
  oidcName: 'Contoso SSO',
  get baseURL() {
    return `http://127.0.0.1:${this.port}`;
  },
  /** Single sign-on on one machine runs at localhost (lib/auth/loopback.ts). */
  get ssoBaseURL() {
    return `http://localhost:${this.port}`;
  },
};
