import 'server-only';
// The one door of every route handler: cross-site refusal, body limits, session and role, the
// shared schema, the user's fan-out budget, the request's abort signal for every storage call, and
// one answer shape for failures (4xx names what is wrong; 5xx says storage failed, never with a
// stack trace or a signed URL). A handler behind it does one call to lib/.
import { safeParse } from 'zod/mini';
import type * as zc from 'zod/v4/core';
import { routeUser, type SessionUser } from './auth/guard';
import { crossSiteVerdict, isJsonContentType } from './cross-site';
import { fanOutLimiter } from './fair-use';
import { ClientGone, withRequestContext } from './request-context';
import { RequestError } from './request-error';
import { describeStorageError, isUnreachable, logStorageFailure, storageErrorCode, storageStatus, withReference } from './storage/errors';
import { currentRequestId } from './request-log';
import { env, type Config } from './env';
import type { Role } from './auth/roles';

/** The largest request body any route reads (scripts/serve.mjs refuses larger ones before Next.js). */
export const MAX_BODY_BYTES = 1024 * 1024;

export function badRequest(
  message: string,
  fieldErrors?: Record<string, string[] | undefined>,
  status = 400,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { error: message, fieldErrors, requestId: currentRequestId() },
    { status, headers: { 'Cache-Control': 'no-store', ...headers } },
  );
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
  const http =
    code === 'BlobNotFound' || code === 'ContainerNotFound' || status === 404
      ? 404
      : isUnreachable(error)
        ? 504
        : status === 503 || code === 'ConsoleQueueTimeout'
          ? 503
          : 502;
  logStorageFailure(error);
  return badRequest(withReference(describeStorageError(error), currentRequestId()), undefined, http);
}

// On the global: each route's bundle has its own copy of this module, and the lane another.
const jsonTexts = ((globalThis as unknown as { __consoleJsonTexts?: WeakMap<Response, string> }).__consoleJsonTexts ??= new WeakMap());

/** A handler's value as a JSON answer (as Response.json makes it), whose text the direct lane can take without reading the stream. */
function jsonResponse(value: unknown): Response {
  const text = JSON.stringify(value);
  const response = new Response(text, { headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
  jsonTexts.set(response, text);
  return response;
}

/** The JSON text of an answer made here, unread; undefined for any other Response. */
export const jsonTextOf = (response: Response): string | undefined => jsonTexts.get(response);

type BodyRead = { ok: true; value: unknown } | { ok: false; response: Response };

/** Reads a JSON body with a byte cap, never buffering more than `maxBytes`. */
async function readJsonBody(request: Request, maxBytes: number, missing: string): Promise<BodyRead> {
  const tooLarge = () => ({
    ok: false as const,
    response: badRequest(`The request is larger than ${Math.round(maxBytes / 1024)} KB.`, undefined, 413),
  });
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return tooLarge();
  if (!request.body) return { ok: false, response: badRequest(missing) };
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) return tooLarge();
    chunks.push(chunk);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { ok: false, response: badRequest(missing) };
  }
}

function queryObject(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

type SchemaOrFactory<S extends zc.$ZodType> = S | (() => S);

/**
 * A route's schema, built from its factory once per configuration (the factories read env(), which
 * cannot be read when the module loads): building a listing's schema on every request took ~0.3 ms
 * of CPU, a twentieth of the request.
 */
function schemaOf<S extends zc.$ZodType>(schema: SchemaOrFactory<S>): () => S {
  if (typeof schema !== 'function') return () => schema;
  let made: { config: Config; schema: S } | undefined;
  return () => {
    const config = env();
    if (made?.config !== config) made = { config, schema: (schema as () => S)() };
    return made.schema;
  };
}

export type RouteOptions<S extends zc.$ZodType> = {
  /** 'anyone': no session needed (health checks); everything else needs a session with this role. */
  role: Role | 'anyone';
  /** Where the input comes from: the query string (GET) or a JSON body (POST). */
  query?: SchemaOrFactory<S>;
  body?: SchemaOrFactory<S>;
  /** The answer to a missing or unreadable body. */
  missing?: string;
  maxBytes?: number;
  /** Storage calls the request fans out to, charged to the user's budget (429 over it). */
  cost?: (input: zc.output<S>) => number;
};

export type RouteContext<I> = { user: SessionUser; input: I; signal: AbortSignal; request: Request };

const ANYONE: SessionUser = { name: 'anyone', role: 'viewer' };

const globalForFairUse = globalThis as unknown as { fanOut?: ReturnType<typeof fanOutLimiter> };
/** Below this many storage calls left, a costly request is refused without being read. */
const EMPTY_BUCKET = 10;

function tooMuch(seconds: number): Response {
  return badRequest(`You have asked for a lot at once. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, undefined, 429, {
    'Retry-After': String(seconds),
  });
}

/**
 * A route handler behind the door. `handler` answers a Response, or a value sent as JSON; what it
 * throws is answered here: a RequestError with its own status and sentence, a storage failure with
 * 5xx and a sentence.
 */
export function route<S extends zc.$ZodType>(options: RouteOptions<S>, handler: (ctx: RouteContext<zc.output<S>>) => Promise<unknown>) {
  const given = options.body ?? options.query;
  const schema = given ? schemaOf(given) : undefined;
  return async (request: Request): Promise<Response> => {
    const verdict = crossSiteVerdict(request.headers, request.headers.get('x-forwarded-host') ?? request.headers.get('host'));
    if (!verdict.ok) return badRequest(`Refused: ${verdict.reason}. Use the console's own pages.`, undefined, 403);
    const user = options.role === 'anyone' ? ANYONE : await routeUser(options.role, request);
    if (user instanceof Response) return user;
    if (options.body && !isJsonContentType(request.headers.get('content-type'))) {
      return badRequest('Send the request as JSON (Content-Type: application/json).', undefined, 415);
    }
    const fanOut = (globalForFairUse.fanOut ??= fanOutLimiter());
    // A user whose budget is spent is told so before the body is read and parsed: a flood costs little.
    const spentAlready = options.cost ? fanOut.waitFor(user.name, EMPTY_BUCKET) : 0;
    if (spentAlready) return tooMuch(spentAlready);

    let raw: unknown;
    if (options.body) {
      let read: BodyRead;
      try {
        read = await readJsonBody(
          request,
          Math.min(options.maxBytes ?? 64 * 1024, MAX_BODY_BYTES),
          options.missing ?? 'Send the request as JSON.',
        );
      } catch (error) {
        // The client went away while sending: nobody waits for an answer.
        if (request.signal.aborted) return new Response(null, { status: 499 });
        throw error;
      }
      if (!read.ok) return read.response;
      raw = read.value;
    } else {
      raw = queryObject(request);
    }
    const parsed = schema ? safeParse(schema(), raw) : ({ success: true, data: raw } as const);
    if (!parsed.success) return fromZodError(parsed.error);
    const input = parsed.data as zc.output<S>;

    if (options.cost) {
      const spent = fanOut.spend(user.name, options.cost(input));
      if (!spent.ok) return tooMuch(spent.retryAfterSeconds);
    }

    return withRequestContext({ signal: request.signal, lane: user.name }, async () => {
      try {
        const result = await handler({ user, input, signal: request.signal, request });
        return result instanceof Response ? result : jsonResponse(result);
      } catch (error) {
        if (error instanceof RequestError) return badRequest(error.message, undefined, error.status);
        // Nobody is waiting for this answer any more.
        if (error instanceof ClientGone || request.signal.aborted) return new Response(null, { status: 499 });
        return storageFailure(error);
      }
    });
  };
}
