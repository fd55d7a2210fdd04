'use server';
// The token form's two actions: the door (session, role, the shared schema), one lib/ call that also
// writes the audit records, and the token state after it, for the status panel. That state is what
// the call just wrote (no storage call, no page render); it is read live only when the call did not
// write everywhere.
import { headers } from 'next/headers';
import { clientAddress } from '@/lib/auth';
import { withRole, type SessionUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { generateTokens, revokeTokens, tokenStatus, type Actor } from '@/lib/storage/tokens';
import {
  revokeSchema,
  tokenFormSchema,
  type ContainerStatus,
  type GenerateResult,
  type RevokeResult,
  type TokenFieldErrors,
} from '@/lib/validations/token';

const actor = async (user: SessionUser): Promise<Actor> => ({ user: user.name, role: user.role, ip: clientAddress(await headers()) });

const withStatus = async <T extends object>(result: T): Promise<T & { tokenStatus: ContainerStatus[] }> => ({
  ...result,
  tokenStatus: await tokenStatus(),
});

export async function generateTokensAction(input: unknown): Promise<GenerateResult> {
  // The schema needs the configured maximum and the server's own clock, so it is built per call.
  const result = await withRole('admin', tokenFormSchema({ maxDays: env().sasMaxDays }), async (request, user) =>
    withStatus(await generateTokens(request, await actor(user))),
  )(input);
  return result.status === 'invalid' ? { ...result, fieldErrors: result.fieldErrors as TokenFieldErrors } : result;
}

export async function revokeTokensAction(input: unknown): Promise<RevokeResult> {
  const result = await withRole('admin', revokeSchema, async ({ policyId }, user) =>
    withStatus(await revokeTokens(policyId, await actor(user))),
  )(input ?? {});
  return result.status === 'invalid' ? { status: 'invalid', message: result.message } : result;
}
