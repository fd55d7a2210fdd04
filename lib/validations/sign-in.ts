import { z } from 'zod';

export const signInSchema = z.object({
  username: z
    .string({ error: 'Enter your username.' })
    .trim()
    .min(1, 'Enter your username.')
    .max(128, 'A username is at most 128 characters.'),
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(1024, 'A password is at most 1024 characters.'),
  callbackUrl: z.string().max(2048).optional(),
});

export type SignInState = { message?: string; fieldErrors?: Partial<Record<'username' | 'password', string[]>>; username?: string };

/** Only a path on this console may follow a sign-in (never another site). */
export function safeCallbackPath(value: string | undefined | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/blob-storage';
  try {
    const url = new URL(value, 'http://console.invalid');
    // Dot segments collapse while parsing (`/.//evil` → `//evil`), so the parsed path is checked too.
    if (url.origin !== 'http://console.invalid' || url.pathname.startsWith('//') || url.pathname.includes('\\')) return '/blob-storage';
    if (url.pathname.startsWith('/api/auth') || url.pathname === '/sign-in') return '/blob-storage';
    return `${url.pathname}${url.search}`;
  } catch {
    return '/blob-storage';
  }
}

/** The sentence for an Auth.js sign-in error (its type, and our code for locks and outages). */
export function signInMessage(type: string | undefined, code: string | undefined): string {
  if (code?.startsWith('locked-')) {
    const minutes = Number(code.slice('locked-'.length)) || 15;
    return `Too many failed sign-ins from this address. Sign-in from here is locked; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
  if (code?.startsWith('slowed-')) {
    const seconds = Number(code.slice('slowed-'.length)) || 60;
    return `Too many failed sign-ins for this user. Wait ${seconds} second${seconds === 1 ? '' : 's'} before trying again.`;
  }
  if (code === 'unavailable')
    return 'Sign-in is unavailable: the storage account that keeps sign-in records did not answer. Try again shortly.';
  if (type === 'CredentialsSignin') return 'The username or password is incorrect.';
  if (type === 'AccessDenied') return 'Your account is not allowed to use this console. Ask an administrator to give you a role.';
  // Auth.js's word for a sign-in the server could not complete: mostly single sign-on (the issuer
  // refused the code, is unreachable, or the client secret does not match); the log has the cause.
  if (type === 'Configuration' || type === 'OAuthSignin' || type === 'OAuthCallbackError' || type === 'CallbackRouteError')
    return "Sign-in could not be completed on the server (single sign-on settings or the identity provider). Try again; if it keeps failing, an administrator will find the cause in the console's log.";
  return 'Sign-in failed. Try again.';
}

/** What the sign-in page says after a sign-out (`signedOut` in its address). */
export function signedOutMessage(kind: string): string {
  if (kind === 'everywhere') return 'You are signed out everywhere: every session of yours, in any browser, has ended.';
  if (kind === 'incomplete')
    return 'You are signed out in this browser, but the server could not end the session (storage did not answer). Sign out again once it answers, or use "Sign out everywhere".';
  return 'You are signed out.';
}
