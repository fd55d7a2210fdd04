// A real OpenID Connect issuer for the end-to-end tests (node-oidc-provider, the certified
// implementation), on loopback only. Its login page takes any name: the name becomes the subject,
// and the names below carry the claims the console's role mapping reads.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 3200);
const issuer = `http://127.0.0.1:${port}`;
const redirectUri = process.env.OIDC_REDIRECT_URI;
const clientSecret = process.env.OIDC_CLIENT_SECRET;
if (!redirectUri || !clientSecret) throw new Error('OIDC_REDIRECT_URI and OIDC_CLIENT_SECRET are required.');

/** Claims by login name; any other name signs in with no email and no groups. */
const people = {
  'sso-viewer': { email: 'sso-viewer@contoso.example', email_verified: true },
  'sso-unverified': { email: 'sso-viewer@contoso.example', email_verified: false },
  'sso-group-admin': { groups: ['contact-center-admins'] },
  // Taken out of the group during a test (POST /test/people/sso-removable {"groups": []}).
  'sso-removable': { groups: ['contact-center-admins'] },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'blob-console',
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token'],
    },
  ],
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  // A refresh token for the console's role checks, without the consent prompt offline_access would need.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  claims: { openid: ['sub'], profile: ['preferred_username', 'groups'], email: ['email', 'email_verified'] },
  features: { devInteractions: { enabled: true } },
  ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  pkce: { required: () => true },
  // Loopback http is fine for a test issuer; cookies without Secure so the browser keeps them over http.
  cookies: { keys: [clientSecret], short: { secure: false }, long: { secure: false } },
  async findAccount(_ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return { sub, preferred_username: sub, ...(people[sub] ?? {}) };
      },
    };
  },
});
provider.proxy = false;
// Refusals are printed: a failing sign-in test then shows why the issuer said no.
for (const event of ['grant.error', 'authorization.error', 'userinfo.error', 'server_error']) {
  provider.on(event, (_ctx, error) => console.error(`[issuer] ${event}: ${error.message} ${error.error_detail ?? ''}`));
}

// For the tests only: change a person's claims while they are signed in (loopback, no auth).
provider.use(async (ctx, next) => {
  const match = /^\/test\/people\/([\w-]+)$/.exec(ctx.path);
  if (!match || ctx.method !== 'POST') return next();
  let body = '';
  for await (const chunk of ctx.req) body += chunk;
  people[match[1]] = { ...(people[match[1]] ?? {}), ...JSON.parse(body) };
  ctx.status = 204;
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`OIDC test issuer on ${issuer}`);
});
