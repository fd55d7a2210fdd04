import { describe, expect, it } from 'vitest';
import { safeCallbackPath, signInMessage } from '../validations/sign-in';
import { can, roleForIdentity, sessionExpired } from './roles';

const config = {
  adminUsers: ['Alice@Contoso.com'],
  viewerUsers: ['bob'],
  oidc: { issuer: 'https://login.example/', clientId: 'c', clientSecret: 's', name: 'SSO', adminGroups: ['cc-admins'], viewerGroups: ['cc-viewers'] },
};

describe('roles', () => {
  it('maps single sign-on identities by email, username or group', () => {
    expect(roleForIdentity(config, { email: 'alice@contoso.com' })).toBe('admin');
    expect(roleForIdentity(config, { username: 'bob' })).toBe('viewer');
    expect(roleForIdentity(config, { username: 'carol', groups: ['cc-admins'] })).toBe('admin');
    expect(roleForIdentity(config, { username: 'dave', groups: ['cc-viewers', 42] })).toBe('viewer');
    expect(roleForIdentity(config, { username: 'eve', groups: 'cc-admins' })).toBeUndefined();
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
    for (const sneaky of ['/.//evil.com', '/%2e//evil.com', '/a/..//evil.com', '/./\\evil.com']) expect(safeCallbackPath(sneaky), sneaky).toBe('/blob-storage');
    expect(safeCallbackPath(undefined)).toBe('/blob-storage');
  });

  it('says why a sign-in failed', () => {
    expect(signInMessage('CredentialsSignin', 'credentials')).toBe('The username or password is incorrect.');
    expect(signInMessage('CredentialsSignin', 'locked-15')).toMatch(/try again in 15 minutes/);
    expect(signInMessage('CredentialsSignin', 'locked-1')).toMatch(/try again in 1 minute\./);
    expect(signInMessage('AccessDenied', undefined)).toMatch(/not allowed/);
  });
});
