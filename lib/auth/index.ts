import 'server-only';
// Auth.js (next-auth v5): local accounts (Credentials) and single sign-on (any OIDC issuer, e.g.
// Microsoft Entra ID). Sessions are encrypted JWT cookies: the idle timeout is the cookie's sliding
// lifetime, the absolute lifetime is checked against the time of sign-in.
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { recordAuditBestEffort } from '../audit/store';
import { env } from '../env';
import { signInSchema } from '../validations/sign-in';
import { isKnownAddress, rememberAddress, reserveAttempt, type Subject } from './lockout';
import { addressKey, minutesLeft, secondsLeft } from './lockout-rules';
import { logLine } from '../log';
import { hashPassword, verifyPassword } from './passwords';
import { sessionExpired, ssoUser, type Role } from './roles';
import { readSessionCookie, type SessionConfig, type SessionRead } from './session-cookie';
import { decodeSession, encodeSession } from './session-token';
import { endSession, sessionAlive, startSession } from './sessions';
import { recheckDue, recheckOnce, RETRY_AFTER_SECONDS, type SsoTokens } from './sso-recheck';
import { createHmac } from 'node:crypto';

declare module 'next-auth' {
  interface User {
    role?: Role;
    /** Single sign-on: what the issuer vouches for (lib/auth/roles.ts ssoIdentity). */
    identity?: string;
  }
  interface Session {
    user: { name: string; display?: string; role: Role };
    sid?: string;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    role?: Role;
    authTime?: number;
    /** Signed in with a local account (its role is looked up again on every request). */
    local?: boolean;
    /** The server-side session (lib/auth/sessions.ts). */
    sid?: string;
    /** The name shown in the header; `name` is the identity the audit trail and checks use. */
    display?: string;
    /** Local accounts: a mark of the password hash signed in with. */
    cred?: string;
    /** Single sign-on: what the role is asked again with. */
    sso?: SsoTokens;
  }
}

export class LockedSignIn extends CredentialsSignin {
  constructor(until: Date, kind: Subject['kind'], now = new Date()) {
    super();
    // An address waits out its lock in minutes; a user attacked from many addresses only in seconds.
    this.code = kind === 'ip' ? `locked-${minutesLeft(until, now)}` : `slowed-${secondsLeft(until, now)}`;
  }
}

export class SignInUnavailable extends CredentialsSignin {
  code = 'unavailable';
}

/**
 * The caller's address: the first entry of X-Forwarded-For, which the console's own server
 * (scripts/serve.mjs) rewrites to what trusted proxies saw, then the socket's address.
 */
export function clientAddress(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}

const globalForAuth = globalThis as unknown as { accountHashes?: Promise<Map<string, { role: Role; hash: string }>> };

/** Local accounts with plain passwords are hashed once per process; only hashes are kept. */
function localAccounts() {
  globalForAuth.accountHashes ??= Promise.all(
    env().auth.localAccounts.map(
      async (a) => [a.username, { role: a.role, hash: a.passwordHash ?? (await hashPassword(a.password!)) }] as const,
    ),
  ).then((entries) => new Map(entries));
  return globalForAuth.accountHashes;
}

// Compared against when the username is unknown, so a wrong name costs the same time as a wrong password.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

async function authorizeLocal(input: unknown, request: Request) {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const { username, password } = parsed.data;
  const ip = clientAddress(request.headers);
  const address = addressKey(ip);
  // Without a known address only the user is counted: one shared "unknown" would let five typos lock everyone out.
  // The address first: under attack it is the one locked, and nothing of the user's is then counted.
  // Where the user has signed in before, the user-wide slow-down does not apply (the address's own
  // lock still does), so guesses from elsewhere cannot keep the real user out.
  let reservation;
  try {
    const known = ip !== 'unknown' && (await isKnownAddress(username, address));
    const subjects: Subject[] = [
      ...(ip === 'unknown' ? [] : [{ kind: 'ip' as const, value: address }]),
      ...(known ? [] : [{ kind: 'user' as const, value: username }]),
    ];
    reservation = await reserveAttempt(subjects);
  } catch {
    throw new SignInUnavailable();
  }
  if (!reservation.ok) {
    // One record per lock, not one per refused guess: a flood cannot bury the trail.
    if (reservation.firstRefusal) {
      await recordAuditBestEffort({
        action: 'sign-in.failed',
        user: username,
        outcome: 'refused',
        ip,
        details: { reason: 'locked', lockedBy: reservation.subject.kind, until: reservation.lockedUntil.toISOString() },
      });
    }
    throw new LockedSignIn(reservation.lockedUntil, reservation.subject.kind);
  }
  const account = (await localAccounts()).get(username);
  const ok = await verifyPassword(password, account?.hash ?? DUMMY_HASH);
  if (!ok || !account) {
    // The reserved attempt stays counted: it was a failure.
    await recordAuditBestEffort({
      action: 'sign-in.failed',
      user: username,
      outcome: 'failed',
      ip,
      details: { reason: 'bad credentials', locked: Boolean(reservation.lockedNow) },
    });
    return null;
  }
  await reservation
    .release()
    .catch(() => logLine('warn', 'sign-in', 'a correct sign-in could not give its counted attempt back', { user: username }));
  if (ip !== 'unknown')
    await rememberAddress(username, address).catch(() =>
      logLine('warn', 'sign-in', 'the address of a sign-in could not be remembered', { user: username }),
    );
  await recordAuditBestEffort({
    action: 'sign-in',
    user: username,
    role: account.role,
    outcome: 'ok',
    ip,
    details: { method: 'password' },
  });
  return { id: username, name: username, role: account.role };
}

function authConfig(): NextAuthConfig {
  const { auth } = env();
  const providers: NextAuthConfig['providers'] = [
    Credentials({
      id: 'credentials',
      name: 'Username and password',
      credentials: { username: { label: 'Username' }, password: { label: 'Password', type: 'password' } },
      authorize: authorizeLocal,
    }),
  ];
  if (auth.oidc) {
    providers.push({
      id: 'oidc',
      name: auth.oidc.name,
      type: 'oidc',
      issuer: auth.oidc.issuer,
      clientId: auth.oidc.clientId,
      clientSecret: auth.oidc.clientSecret,
      checks: ['pkce', 'state', 'nonce'],
      // offline_access: a refresh token, with which the role is asked again every SSO_ROLE_CHECK_SECONDS.
      authorization: { params: { scope: 'openid profile email offline_access' } },
      // Read the userinfo endpoint too: many issuers keep email and groups there, not in the ID token.
      idToken: false,
      profile: (userinfo, tokens) => ssoUser(auth, userinfo, tokens.id_token),
    });
  }
  return {
    providers,
    secret: auth.secret,
    trustHost: true,
    session: { strategy: 'jwt', maxAge: auth.idleMinutes * 60, updateAge: 0 },
    jwt: { encode: encodeSession, decode: decodeSession },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    // A wrong password is expected: one line, no stack trace. Anything else is logged in full.
    logger: {
      error(error) {
        if (
          error instanceof CredentialsSignin ||
          error.name === 'CredentialsSignin' ||
          (error as { type?: string }).type === 'CredentialsSignin'
        ) {
          logLine('info', 'sign-in', 'sign-in refused', { code: (error as CredentialsSignin).code });
        } else {
          console.error(error);
        }
      },
      warn(code) {
        logLine('warn', 'auth', String(code));
      },
    },
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== 'oidc') return true;
        // Auth.js gives `user` a random id; the issuer's subject is the account's providerAccountId.
        const details = { method: 'oidc', subject: account.providerAccountId, displayName: user.name };
        if (!user.role) {
          await recordAuditBestEffort({
            action: 'sign-in.failed',
            user: user.identity ?? 'unknown',
            outcome: 'refused',
            details: { ...details, reason: 'no role mapped' },
          });
          return false;
        }
        await recordAuditBestEffort({ action: 'sign-in', user: user.identity ?? 'unknown', role: user.role, outcome: 'ok', details });
        return true;
      },
      async jwt({ token, user, account }) {
        const now = Math.floor(Date.now() / 1000);
        if (user) {
          const local = account?.provider === 'credentials';
          // Who the session is, on the trail and in the server's checks: a local username, or what the issuer vouches for.
          const identity = local ? user.name! : user.identity!;
          const sid = await startSession(identity);
          return {
            ...token,
            name: identity,
            display: user.name ?? identity,
            role: user.role,
            authTime: now,
            local,
            sid,
            ...(local ? { cred: credentialMark(identity) } : {}),
            ...(account?.provider === 'oidc'
              ? {
                  sso: {
                    subject: account.providerAccountId,
                    accessToken: account.access_token,
                    refreshToken: account.refresh_token,
                    expiresAt: account.expires_at,
                    checkedAt: now,
                  },
                }
              : {}),
          };
        }
        if (sessionExpired(token.authTime, now, auth.maxHours) || !token.role || !token.name) return null;
        if (!(await sessionAlive(token.sid, token.name))) return null;
        if (token.local) {
          // A local account removed, demoted or given a new password loses its sessions or role at once.
          const current = (await localAccounts()).get(token.name);
          if (!current || credentialMark(token.name) !== token.cred) return null;
          return { ...token, role: current.role };
        }
        if (token.sso && recheckDue(token.sso, now, auth.ssoRecheckSeconds)) {
          const recheck = await recheckOnce(token.sid ?? token.name, auth, token.sso, now);
          // The issuer did not answer: try again in a minute, not on every request meanwhile.
          if ('retry' in recheck) return { ...token, sso: { ...token.sso, retryAt: now + RETRY_AFTER_SECONDS } };
          if (!recheck.role) {
            await endSession(token.sid).catch(() => undefined);
            await recordAuditBestEffort({
              action: 'sign-out',
              user: token.name,
              role: token.role,
              outcome: 'ok',
              details: { method: 'oidc', reason: recheck.reason },
            });
            return null;
          }
          return { ...token, role: recheck.role, sso: { ...recheck.sso, retryAt: undefined } };
        }
        return token;
      },
      session({ session, token }) {
        return {
          ...session,
          user: { name: token.name ?? 'unknown', display: token.display, role: token.role ?? 'viewer' },
          sid: token.sid,
        };
      },
    },
  };
}

/**
 * A mark of the account's password as configured (its hash, or the plain password): a new one ends
 * the sessions signed in with the old. Keyed with AUTH_SECRET, so every process computes the same
 * mark (a plain password is hashed with a fresh salt in each process) and the mark reveals nothing.
 */
function credentialMark(username: string): string {
  const { auth } = env();
  const account = auth.localAccounts.find((a) => a.username === username);
  return createHmac('sha256', auth.secret ?? '')
    .update(`session-credential:${username}:${account?.passwordHash ?? account?.password ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());

/**
 * The request's session read as Auth.js's session endpoint reads it (every check of the jwt callback
 * included), for the API's direct lane: lib/auth/session-cookie.ts. Auth.js picks secure cookie
 * names by AUTH_URL when it is set, else by the request's protocol.
 */
export function readRequestSession(cookieHeader: string, requestIsHttps: boolean): Promise<SessionRead> {
  const { publicUrl } = env().auth;
  const https = publicUrl ? new URL(publicUrl).protocol === 'https:' : requestIsHttps;
  return readSessionCookie(cookieHeader, https, (sessionConfig ??= sessionConfigOf(authConfig())));
}

// Built once: the configuration comes from env(), which is read once per process too.
let sessionConfig: SessionConfig | undefined;
const sessionConfigOf = (config: NextAuthConfig): SessionConfig => ({
  secret: config.secret!,
  maxAge: config.session!.maxAge!,
  encode: encodeSession,
  decode: decodeSession,
  jwt: config.callbacks!.jwt as unknown as SessionConfig['jwt'],
  session: config.callbacks!.session as unknown as SessionConfig['session'],
});
