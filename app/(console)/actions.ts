'use server';

import { headers } from 'next/headers';
import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress, signOut } from '@/lib/auth';
import { currentUser } from '@/lib/auth/guard';

export async function signOutAction(): Promise<void> {
  const user = await currentUser();
  if (user) {
    await recordAuditBestEffort({ action: 'sign-out', user: user.name, role: user.role, outcome: 'ok', ip: clientAddress(await headers()) });
  }
  await signOut({ redirectTo: '/sign-in?signedOut=1' });
}
