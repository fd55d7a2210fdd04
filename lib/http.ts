import 'server-only';
// Route handler answers: a bad request names what is wrong (4xx), a storage failure says so
// (502/503/504), never a stack trace or a signed URL.
import type * as zc from 'zod/v4/core';
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
  const http = code === 'BlobNotFound' || code === 'ContainerNotFound' ? 404 : isUnreachable(error) ? 504 : status === 503 ? 503 : 502;
  return badRequest(describeStorageError(error), undefined, http);
}

/** Reads a JSON body with a size cap; undefined when it is missing, too large or not JSON. */
export async function readJson(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
  const text = await request.text();
  if (text.length > maxBytes) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function queryObject(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
