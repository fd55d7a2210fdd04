import 'server-only';
// Signing out ends the session on the server (lib/auth/sessions.ts) before the cookie is cleared;
// "everywhere" ends all of the user's sessions. Both go on the audit trail.
import { recordAuditBestEffort } from '../audit/store';
import { auth, clientAddress, signOut } from '.';
import { endAllSessions, endSession } from './sessions';

export async function endSignedInSession(requestHeaders: Headers, opts: { everywhere: boolean }): Promise<void> {
  const session = await auth();
  const user = session?.user;
  let ended = true;
  if (user?.name) {
    // The cookie is cleared whatever happens; a session the table could not end is said on the page and the trail.
    ended = await (opts.everywhere ? endAllSessions(user.name) : endSession(session?.sid)).then(
      () => true,
      () => false,
    );
    await recordAuditBestEffort({
      action: 'sign-out',
      user: user.name,
      role: user.role,
      outcome: ended ? 'ok' : 'failed',
      ip: clientAddress(requestHeaders),
      details: opts.everywhere ? { everywhere: true } : undefined,
    });
  }
  await signOut({ redirectTo: `/sign-in?signedOut=${!ended ? 'incomplete' : opts.everywhere ? 'everywhere' : '1'}` });
}
