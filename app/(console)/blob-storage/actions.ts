'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { AuditWriteError, recordAudit, recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { withRole, type SessionUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { firstBlobName } from '@/lib/storage/blobs';
import { currentRequestId } from '@/lib/request-log';
import { describeStorageError, logStorageFailure, withReference } from '@/lib/storage/errors';
import { issueTokens, revokeTokens } from '@/lib/storage/tokens';
import { tokenFormSchema, type GenerateResult, type TokenFieldErrors, type TokenRequest } from '@/lib/validations/token';

async function auditContext(user: SessionUser) {
  return { user: user.name, role: user.role, ip: clientAddress(await headers()) };
}

export async function generateTokensAction(input: unknown): Promise<GenerateResult> {
  const config = env();
  // The schema needs the configured maximum and the server's own clock, so it is built per call.
  return withRole('admin', tokenFormSchema({ maxDays: config.sasMaxDays }), (request, user) => generate(request, user))(input).then((r) =>
    r.status === 'invalid' ? { ...r, fieldErrors: r.fieldErrors as TokenFieldErrors } : r,
  );
}

async function generate(request: TokenRequest, user: SessionUser): Promise<GenerateResult> {
  const config = env();
  const who = await auditContext(user);
  const window = { zone: request.timeZone, initiation: request.initiation, expiration: request.expiration };
  let result: GenerateResult;
  // The curl example's blob name is looked up beside the issue, not after it (one round trip less to wait for).
  const recordings = config.containers.includes('recordings') ? 'recordings' : config.containers[0]!;
  const exampleBlob = firstBlobName(recordings);
  try {
    const issued = await issueTokens(request, {
      // Fail closed: when this record cannot be written, nothing is issued.
      beforeIssue: (e) =>
        recordAudit({
          ...who,
          action: 'tokens.generate',
          outcome: 'ok',
          details: {
            ...window,
            startsOnUtc: e.startsOn,
            expiresOnUtc: e.expiresOn,
            accountExpiresOnUtc: e.accountExpiresOn,
            containers: e.containers,
            policyId: e.policyId,
            revoke: request.revoke,
            findByTags: request.findByTags,
            ...(request.allowedIp ? { allowedIp: request.allowedIp } : {}),
          },
        }),
    });
    if ('refused' in issued) {
      result = { status: 'refused', message: issued.message };
      // Refusals after the audit record (every write failed) get their own record of the outcome.
      if (issued.afterAudit)
        await recordAuditBestEffort({
          ...who,
          action: 'tokens.generate',
          outcome: 'failed',
          details: { ...window, reason: issued.message },
        });
    } else {
      result = {
        status: 'issued',
        complete: issued.complete,
        accountUrl: issued.accountUrl,
        accountExpiresOn: issued.accountExpiresOn,
        containers: issued.containers,
        findByTags: request.findByTags,
        ...(request.allowedIp ? { allowedIp: request.allowedIp } : {}),
        startsOn: issued.startsOn,
        expiresOn: issued.expiresOn,
        timeZone: request.timeZone,
        revoked: request.revoke,
        exampleBlob: await exampleBlob.then((name) => (name ? { container: recordings, name } : undefined)),
      };
    }
  } catch (error) {
    logStorageFailure(error, 'tokens.generate');
    result = {
      status: 'refused',
      message: withReference(
        error instanceof AuditWriteError
          ? `No tokens were generated: ${error.message} Try again shortly.`
          : `No tokens were generated. ${describeStorageError(error)}`,
        currentRequestId(),
      ),
    };
  }
  if (result.status === 'issued' && !result.complete) {
    // The attempt was recorded before the writes; record which containers did not get their token.
    await recordAuditBestEffort({
      ...who,
      action: 'tokens.generate',
      outcome: 'failed',
      details: { ...window, failed: result.containers.filter((c) => c.status === 'failed').map((c) => c.container) },
    });
  }
  revalidatePath('/blob-storage');
  return result;
}

const revokeSchema = z.object(
  {
    policyId: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[\w.-]+$/, 'Unknown token id.')
      .optional(),
  },
  { error: 'Invalid revoke request.' },
);

export type RevokeResult = { status: 'invalid' | 'refused'; message: string } | { status: 'done'; message: string; failed: string[] };

export async function revokeTokensAction(input: unknown): Promise<RevokeResult> {
  const result = await withRole('admin', revokeSchema, revoke)(input ?? {});
  return result.status === 'invalid' ? { status: 'invalid', message: result.message } : result;
}

async function revoke({ policyId }: z.output<typeof revokeSchema>, user: SessionUser): Promise<RevokeResult> {
  const who = await auditContext(user);
  let result: RevokeResult;
  try {
    const outcome = await revokeTokens({
      policyId,
      beforeRevoke: () =>
        recordAudit({
          ...who,
          action: 'tokens.revoke',
          outcome: 'ok',
          details: { policyId: policyId ?? 'all', containers: env().containers },
        }),
    });
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
              : `Revoked. ${parts.join('; ')}. URLs that named these policies get 403 (on Azure within 30 seconds).`
            : `Revocation incomplete: ${parts.join('; ')}. Tokens in the containers not revoked still work; run it again.`,
      };
    }
  } catch (error) {
    logStorageFailure(error, 'tokens.revoke');
    result = {
      status: 'refused',
      message: withReference(
        error instanceof AuditWriteError
          ? `Nothing was revoked: ${error.message} Try again shortly.`
          : `Nothing was revoked. ${describeStorageError(error)}`,
        currentRequestId(),
      ),
    };
  }
  if (result.status === 'done' && result.failed.length > 0) {
    await recordAuditBestEffort({
      ...who,
      action: 'tokens.revoke',
      outcome: 'failed',
      details: { policyId: policyId ?? 'all', failed: result.failed },
    });
  }
  revalidatePath('/blob-storage');
  return result;
}
