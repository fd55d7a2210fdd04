'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { env } from '@/lib/env';
import { firstBlobName } from '@/lib/storage/blobs';
import { describeStorageError } from '@/lib/storage/errors';
import { issueTokens, revokeTokens } from '@/lib/storage/tokens';
import { tokenFormSchema, type GenerateResult, type TokenFieldErrors } from '@/lib/validations/token';

export async function generateTokensAction(input: unknown): Promise<GenerateResult> {
  const config = env();
  const parsed = tokenFormSchema({ maxDays: config.sasMaxDays }).safeParse(input);
  if (!parsed.success) {
    return {
      status: 'invalid',
      message: 'Check the highlighted fields.',
      fieldErrors: z.flattenError(parsed.error).fieldErrors as TokenFieldErrors,
    };
  }
  const request = parsed.data;
  let result: GenerateResult;
  try {
    const issued = await issueTokens(request);
    if ('refused' in issued) {
      result = { status: 'refused', message: issued.message };
    } else {
      const recordings = config.containers.includes('recordings') ? 'recordings' : config.containers[0]!;
      result = {
        status: 'issued',
        complete: issued.complete,
        accountUrl: issued.accountUrl,
        containers: issued.containers,
        startsOn: issued.startsOn,
        expiresOn: issued.expiresOn,
        timeZone: request.timeZone,
        revoked: request.revoke,
        exampleBlob: await firstBlobName(recordings),
      };
    }
  } catch (error) {
    result = { status: 'refused', message: `No tokens were generated. ${describeStorageError(error)}` };
  }
  revalidatePath('/blob-storage');
  return result;
}

const revokeSchema = z.object({ policyId: z.string().trim().min(1).max(64).regex(/^[\w.-]+$/, 'Unknown token id.').optional() });

export type RevokeResult = { status: 'invalid' | 'refused'; message: string } | { status: 'done'; message: string; failed: string[] };

export async function revokeTokensAction(input: unknown): Promise<RevokeResult> {
  const parsed = revokeSchema.safeParse(input ?? {});
  if (!parsed.success) return { status: 'invalid', message: parsed.error.issues[0]?.message ?? 'Invalid request.' };
  let result: RevokeResult;
  try {
    const outcome = await revokeTokens({ policyId: parsed.data.policyId });
    if ('refused' in outcome) {
      result = { status: 'refused', message: outcome.message };
    } else {
      const failed = outcome.filter((o) => o.status === 'failed');
      const removed = outcome.reduce((n, o) => n + (o.status === 'revoked' ? o.removed : 0), 0);
      const parts = outcome.map((o) =>
        o.status === 'revoked' ? `${o.container}: ${o.removed} revoked` : `${o.container}: NOT revoked (${o.message})`,
      );
      result = {
        status: 'done',
        failed: failed.map((f) => f.container),
        message:
          failed.length === 0
            ? removed === 0
              ? 'There were no container tokens to revoke.'
              : `Revoked. ${parts.join('; ')}. Tokens that named these policies now get 403.`
            : `Revocation incomplete: ${parts.join('; ')}. Tokens in the containers not revoked still work; run it again.`,
      };
    }
  } catch (error) {
    result = { status: 'refused', message: `Nothing was revoked. ${describeStorageError(error)}` };
  }
  revalidatePath('/blob-storage');
  return result;
}
