// What the token result says, pure (tested in sentences.test.ts): the account URL's own expiry, the
// IP range, and what each container URL may do.

/** Said when ACCOUNT_SAS_MAX_DAYS cut the account URL's life short of the container URLs'; else undefined. */
export function accountExpiryNote(r: { accountExpiresOn: string; expiresOn: string }, maxDays: number): string | undefined {
  if (r.accountExpiresOn === r.expiresOn) return undefined;
  return `The ACCOUNT CONTAINER URL expires earlier, at ${r.accountExpiresOn}: it cannot be revoked, so it is valid for at most ${maxDays} day${maxDays === 1 ? '' : 's'}. The container URLs expire at ${r.expiresOn}.`;
}

export function allowedIpNote(allowedIp: string | undefined): string | undefined {
  if (!allowedIp) return undefined;
  return `Every URL works only from ${allowedIp.includes('-') ? `addresses ${allowedIp}` : allowedIp} (sip). Requests from elsewhere get 403.`;
}

export function containerUrlHelp(policyId: string, findByTags: boolean): string {
  return findByTags
    ? `Read, list and find by tags in this container (sp=rlf) through stored access policy ${policyId}; revoking it stops all three.`
    : `Read and list (sp=rl) through stored access policy ${policyId}.`;
}
