'use server';

import { headers } from 'next/headers';
import { endSignedInSession } from '@/lib/auth/sign-out';

/** Sign-out: this session ends on the server too, so a copy of its cookie is worth nothing. */
export async function signOutAction(): Promise<void> {
  await endSignedInSession(await headers(), { everywhere: false });
}

/** Ends every session of the signed-in user, in every browser and console process. */
export async function signOutEverywhereAction(): Promise<void> {
  await endSignedInSession(await headers(), { everywhere: true });
}
