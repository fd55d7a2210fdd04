import { describe, expect, it } from 'vitest';
import { safeCallbackPath, signedOutMessage, signInMessage } from '../validations/sign-in';
import { atLocalhost, isLoopbackAddress } from './loopback';
import { can, roleForIdentity, sessionExpired, ssoUser } from './roles';

const config = {
  adminUsers: ['Alice@Contoso.com'],
  viewerUsers: ['bob'],
  oidc: {
    issuer: 'https://login.example/',
    clientId: 'c',
    clientSecret: 's',
    name: 'SSO',
    adminGroups: ['cc-admins'],
    viewerGroups: ['cc-viewers'],
  },
};

describe('roles', () => {
  it('maps single sign-on identities by email, username or group', () => {
    expect(roleForIdentity(config, { email: 'alice@contoso.com' })).toBe('admin');
    expect(roleForIdentity(config, { username: 'bob' })).toBe('viewer');
    expect(roleForIdentity(config, { username: 'carol', groups: ['cc-admins'] })).toBe('admin');
    expect(roleForIdentity(config, { username: 'dave', groups: ['cc-viewers', 42] })).toBe('viewer');
    expect(roleForIdentity(config, { username: 'eve', groups: 'cc-admins' })).toBeUndefined();
  });

  it('reads single sign-on claims from the ID token over userinfo, and trusts only a verified email', () => {
    const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
    // Email and groups only at the userinfo endpoint (node-oidc-provider, Okta): still mapped.
    expect(ssoUser(config, { sub: 's1', email: 'alice@contoso.com', email_verified: true }, jwt({ sub: 's1' }))).toEqual({
      id: 's1',
      name: 'alice@contoso.com',
      email: 'alice@contoso.com',
      identity: 'alice@contoso.com',
      role: 'admin',
    });
    expect(ssoUser(config, { sub: 's2', email: 'alice@contoso.com', email_verified: false }, jwt({ sub: 's2' })).role).toBeUndefined();
    // Groups only in the ID token (Entra ID): the ID token counts too, and Entra's oid is the subject.
    expect(
      ssoUser(
        config,
        { sub: 'pairwise' },
        jwt({ sub: 'pairwise', oid: 'o-1', groups: ['cc-viewers'], preferred_username: 'dave@contoso.com' }),
      ),
    ).toEqual({
      id: 'o-1',
      name: 'dave@contoso.com',
      email: undefined,
      // The display name looks like an email, but nobody verified it: the trail names the subject.
      identity: 'oidc:o-1',
      role: 'viewer',
    });
    // A chosen display name never grants a role; the subject comes from the ID token only.
    expect(ssoUser(config, { sub: 's3', preferred_username: 'bob' }, jwt({ sub: 's3' })).role).toBeUndefined();
    expect(ssoUser(config, { sub: 'bob' }, 'not-a-jwt').role).toBeUndefined();
    expect(ssoUser(config, { sub: 's4', oid: 'bob' }, jwt({ sub: 's4' })).role).toBeUndefined();
    expect(ssoUser(config, { sub: 'bob' }, jwt({ sub: 'bob' })).role).toBe('viewer');
    // An email counts only with the email_verified of the same source.
    expect(ssoUser(config, { sub: 's5', email_verified: true }, jwt({ sub: 's5', email: 'alice@contoso.com' })).role).toBeUndefined();
    expect(ssoUser(config, { sub: 's6' }, jwt({ sub: 's6', email: 'alice@contoso.com', email_verified: true })).role).toBe('admin');
  });

  it('knows loopback addresses, which single sign-on moves to localhost', () => {
    expect(['127.0.0.1', '127.1.2.3', '[::1]'].every(isLoopbackAddress)).toBe(true);
    expect(['localhost', '10.0.0.1', 'console.example.com', '1270.0.0.1'].some(isLoopbackAddress)).toBe(false);
    expect(atLocalhost(new URL('http://127.0.0.1:3000/sign-in?x=1'))?.href).toBe('http://localhost:3000/sign-in?x=1');
    expect(atLocalhost(new URL('https://console.example.com/'))).toBeUndefined();
  });

  it('admins may do everything, viewers only view', () => {
    expect(can('admin', 'admin')).toBe(true);
    expect(can('viewer', 'viewer')).toBe(true);
    expect(can('viewer', 'admin')).toBe(false);
    expect(can(undefined, 'viewer')).toBe(false);
  });

  it('ends a session after its absolute lifetime', () => {
    expect(sessionExpired(1000, 1000 + 8 * 3600, 8)).toBe(false);
    expect(sessionExpired(1000, 1001 + 8 * 3600, 8)).toBe(true);
    expect(sessionExpired(undefined, 1000, 8)).toBe(true);
  });
});

describe('sign-in helpers', () => {
  it('only follows a sign-in to a path on this console', () => {
    expect(safeCallbackPath('/audit?user=x')).toBe('/audit?user=x');
    expect(safeCallbackPath('https://evil.example/')).toBe('/blob-storage');
    expect(safeCallbackPath('//evil.example/')).toBe('/blob-storage');
    expect(safeCallbackPath('/\\evil.example')).toBe('/blob-storage');
    expect(safeCallbackPath('/sign-in')).toBe('/blob-storage');
    for (const sneaky of ['/.//evil.com', '/%2e//evil.com', '/a/..//evil.com', '/./\\evil.com'])
      expect(safeCallbackPath(sneaky), sneaky).toBe('/blob-storage');
    expect(safeCallbackPath(undefined)).toBe('/blob-storage');
  });

  it('says why a sign-in failed', () => {
    expect(signInMessage('CredentialsSignin', 'credentials')).toBe('The username or password is incorrect.');
    expect(signInMessage('CredentialsSignin', 'locked-15')).toMatch(/try again in 15 minutes/);
    expect(signInMessage('CredentialsSignin', 'locked-1')).toMatch(/try again in 1 minute\./);
    expect(signInMessage('CredentialsSignin', 'slowed-1')).toBe(
      'Too many failed sign-ins for this user. Wait 1 second before trying again.',
    );
    expect(signInMessage('CredentialsSignin', 'slowed-60')).toMatch(/Wait 60 seconds/);
    expect(signInMessage('AccessDenied', undefined)).toMatch(/not allowed/);
    expect(signInMessage('Configuration', undefined)).toMatch(/could not be completed on the server/);
  });
});

describe('signedOutMessage', () => {
  it('says what ended', () => {
    expect(signedOutMessage('1')).toBe('You are signed out.');
    expect(signedOutMessage('everywhere')).toMatch(/every session of yours, in any browser, has ended/);
    expect(signedOutMessage('incomplete')).toMatch(/server could not end the session/);
  });
});
