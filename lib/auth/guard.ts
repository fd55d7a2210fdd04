import 'server-only';
// Every page, server action and route handler checks the session itself: a page's check does not
// protect an action, and the proxy's redirect is only a convenience.
import { headers } from 'next/headers';
import { forbidden, redirect, unauthorized } from 'next/navigation';
import { flattenError, safeParse } from 'zod/mini';
import type * as zc from 'zod/v4/core';
import { auth } from '.';
import { openSession, SEALED_SESSION_HEADER } from './proxy-seal';
import { can, type Role } from './roles';
import { inDirectLane } from '../api/direct-context';
import { withRequestContext } from '../request-context';
import { noteUser } from '../request-log';

/** `name`: who the user is to the server and the audit trail; `display`: the name shown, when it differs. */
export type SessionUser = { name: string; role: Role; display?: string };

export async function currentUser(): Promise<SessionUser | null> {
  const user = await readUser();
  if (user) noteUser(user.name);
  return user;
}

async function readUser(): Promise<SessionUser | null> {
  // What the proxy read for this very request, if it did; else the cookie, read here.
  const sealed = openSession((await headers()).get(SEALED_SESSION_HEADER));
  if (sealed) return sealed;
  const session = await auth();
  if (!session?.user?.name) return null;
  return sessionUser(session.user);
}

/** The user as pages, actions and routes take it: the name shown only where it differs from the name. */
export function sessionUser({ name, role, display }: SessionUser): SessionUser {
  return display && display !== name ? { name, role, display } : { name, role };
}

/** For pages: sends a signed-out visitor to the sign-in page, and answers 403 to a role that may not see it. */
export async function requirePageUser(need: Role, returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!can(user.role, need)) forbidden();
  return user;
}

export type Invalid = { status: 'invalid'; message: string; fieldErrors: Record<string, string[] | undefined> };

/**
 * A server action's door: session (401), role (403), then the shared schema. Only then does `fn`
 * run, with the parsed input and the user.
 */
export function withRole<S extends zc.$ZodType, R>(need: Role, schema: S, fn: (input: zc.output<S>, user: SessionUser) => Promise<R>) {
  return async (input: unknown): Promise<R | Invalid> => {
    const user = await currentUser();
    if (!user) unauthorized();
    if (!can(user.role, need)) forbidden();
    const parsed = safeParse(schema, input);
    if (!parsed.success) {
      const flat = flattenError(parsed.error);
      return {
        status: 'invalid',
        message: flat.formErrors[0] ?? 'Check the highlighted fields.',
        fieldErrors: flat.fieldErrors as Record<string, string[] | undefined>,
      };
    }
    // An administrator's work goes before browsing in the storage queue; everyone else waits in their own line.
    return withRequestContext({ lane: user.name, priority: need === 'admin' }, () => fn(parsed.data, user));
  };
}

/** For route handlers: the user, or the 401/403 response to return. */
export async function routeUser(need: Role, request?: Request): Promise<SessionUser | Response> {
  const user = await routeSession(request);
  if (!user) return Response.json({ error: 'Sign in required.' }, { status: 401 });
  if (!can(user.role, need)) return Response.json({ error: 'Your role does not allow this.' }, { status: 403 });
  return user;
}

async function routeSession(request: Request | undefined): Promise<SessionUser | null> {
  // The direct lane has read the cookie already (there is no Next.js request to read it from).
  const direct = inDirectLane();
  const user = direct ? direct.user : request && openSession(request.headers.get(SEALED_SESSION_HEADER));
  if (user) {
    noteUser(user.name);
    return user;
  }
  return direct ? null : currentUser();
}
