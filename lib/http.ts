import 'server-only';
// Route handler answers: a bad request names what is wrong (4xx), a storage failure says so
// (502/503/504), never a stack trace or a signed URL.
import { safeParse } from 'zod/mini';
import type * as zc from 'zod/v4/core';
import { routeUser, type SessionUser } from './auth/guard';
import { describeStorageError, isUnreachable, storageErrorCode, storageStatus } from './storage/errors';

export function badRequest(message: string, fieldErrors?: Record<string, string[] | undefined>, status = 400): Response {
  return Response.json({ error: message, fieldErrors }, { status, headers: { 'Cache-Control': 'no-store' } });
}

export function fromZodError(error: zc.$ZodError): Response {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'request';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return badRequest(error.issues[0]?.message ?? 'Invalid request.', fieldErrors);
}

export function storageFailure(error: unknown): Response {
  const code = storageErrorCode(error);
  const status = storageStatus(error);
  const http = code === 'BlobNotFound' || code === 'ContainerNotFound' ? 404 : isUnreachable(error) ? 504 : status === 503 || code === 'ConsoleQueueTimeout' ? 503 : 502;
  return badRequest(describeStorageError(error), undefined, http);
}

/** Reads a JSON body with a byte cap (never buffering more); undefined when it is missing, too large or not JSON. */
export async function readJson(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes || !request.body) return undefined;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) return undefined;
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function queryObject(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

/**
 * A signed-in GET that reads its query with `schema` and answers `load`'s result as JSON: 401/403
 * without a session or role, 400 with the schema's message, 5xx with a sentence on storage failure.
 */
export function viewerJsonGet<S extends zc.$ZodType>(schema: () => S, load: (input: zc.output<S>, user: SessionUser, request: Request) => Promise<unknown>) {
  return async (request: Request): Promise<Response> => {
    const user = await routeUser('viewer');
    if (user instanceof Response) return user;
    const parsed = safeParse(schema(), queryObject(request));
    if (!parsed.success) return fromZodError(parsed.error);
    try {
      return Response.json(await load(parsed.data, user, request));
    } catch (error) {
      return storageFailure(error);
    }
  };
}

/**
 * The door of a signed-in POST: session and role (401/403), a JSON body within `maxBytes`, then
 * `schema`. Answers the refusal, or hands back the user and the parsed body.
 */
export async function viewerJsonBody<S extends zc.$ZodType>(
  request: Request,
  schema: S,
  opts: { missing: string; maxBytes?: number },
): Promise<Response | { user: SessionUser; body: zc.output<S> }> {
  const user = await routeUser('viewer');
  if (user instanceof Response) return user;
  const json = await readJson(request, opts.maxBytes);
  if (json === undefined) return badRequest(opts.missing);
  const parsed = safeParse(schema, json);
  if (!parsed.success) return fromZodError(parsed.error);
  return { user, body: parsed.data };
}
