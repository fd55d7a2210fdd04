// Configuration parsing, pure: lib/env.ts feeds it process.env, tests feed it plain objects.
import { z } from 'zod';
import { atLocalhost } from './auth/loopback';
import { parseMapping, type GimMapping } from './gim/mapping';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export type StorageAccount = {
  accountName: string;
  accountKey: string;
  blobEndpoint: string;
  tableEndpoint: string;
};

export type Config = {
  /** True when the console runs on the embedded Azurite (started by `npm start`). */
  embedded: boolean;
  /** True when `npm start` must start Azurite: no connection string was given. */
  startsAzurite: boolean;
  storage: StorageAccount;
  containers: string[];
  sasMaxDays: number;
  /** The account SAS (sp=f) cannot be revoked, so its lifetime has its own, shorter cap. */
  accountSasMaxDays: number;
  /** Where traces go (OTLP over HTTP); unset, no traces. */
  otlpEndpoint?: string;
  /** The least level the server log writes (LOG_LEVEL). */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  retentionDays: number;
  port: number;
  host: string;
  azurite: { host: string; blobPort: number; tablePort: number; location: string };
  demo: { tenant: string; recordings: number };
  auth: AuthConfig;
  /** The interactions index: how often it reads new export chunks, and which columns it reads. */
  gim: { intervalMinutes: number; mapping: GimMapping };
};

export type Role = 'admin' | 'viewer';
export type LocalAccount = { username: string; role: Role; passwordHash?: string; password?: string };

export type AuthConfig = {
  /** Signs and encrypts the session cookie; every server process behind a load balancer shares it. */
  secret?: string;
  /** AUTH_URL: the console's public address, when set (Auth.js then builds every URL from it). */
  publicUrl?: string;
  localAccounts: LocalAccount[];
  adminUsers: string[];
  viewerUsers: string[];
  oidc?: { issuer: string; clientId: string; clientSecret: string; name: string; adminGroups: string[]; viewerGroups: string[] };
  idleMinutes: number;
  maxHours: number;
  maxFailures: number;
  lockMinutes: number;
  /** A user (not an address) past `maxFailures` waits 1 s, 2 s, 4 s… up to this between attempts. */
  userMaxDelaySeconds: number;
  /** How often a single sign-on user's role is asked of the issuer again. */
  ssoRecheckSeconds: number;
};

const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

const intIn = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max} (got "${v}").` });
        return z.NEVER;
      }
      return n;
    });

/** Splits `Key=Value;Key=Value`; values may contain `=` (account keys end in `==`). */
export function parseConnectionString(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    out[part.slice(0, at).trim().toLowerCase()] = part.slice(at + 1).trim();
  }
  return out;
}

export function storageFromConnectionString(text: string): StorageAccount {
  const kv = parseConnectionString(text);
  if (kv.usedevelopmentstorage === 'true') {
    return {
      accountName: AZURITE_ACCOUNT,
      accountKey: AZURITE_KEY,
      blobEndpoint: `http://127.0.0.1:10000/${AZURITE_ACCOUNT}`,
      tableEndpoint: `http://127.0.0.1:10002/${AZURITE_ACCOUNT}`,
    };
  }
  const accountName = kv.accountname;
  const accountKey = kv.accountkey;
  if (!accountName || !accountKey) {
    // SAS tokens bound to stored access policies must be signed with the account key.
    throw new Error('needs AccountName and AccountKey (stored access policies need a shared-key signature).');
  }
  const protocol = kv.defaultendpointsprotocol ?? 'https';
  const suffix = kv.endpointsuffix ?? 'core.windows.net';
  const endpoint = (given: string | undefined, service: string) => {
    const url = given ?? `${protocol}://${accountName}.${service}.${suffix}`;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error();
    } catch {
      throw new Error(`has an invalid ${service} endpoint "${url}".`);
    }
    return url.replace(/\/+$/, '');
  };
  return {
    accountName,
    accountKey,
    blobEndpoint: endpoint(kv.blobendpoint, 'blob'),
    tableEndpoint: endpoint(kv.tableendpoint, 'table'),
  };
}

export function azuriteConnectionString(host: string, blobPort: number, tablePort: number): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${AZURITE_ACCOUNT}`,
    `AccountKey=${AZURITE_KEY}`,
    `BlobEndpoint=http://${host}:${blobPort}/${AZURITE_ACCOUNT}`,
    `TableEndpoint=http://${host}:${tablePort}/${AZURITE_ACCOUNT}`,
  ].join(';');
}

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const localUsers = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v?.trim()) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'LOCAL_USERS must be JSON: [{"username":"…","role":"viewer","passwordHash":"scrypt$…"}].' });
      return z.NEVER;
    }
    const accounts = z
      .array(
        z
          .object({
            username: z.string().trim().min(1).max(128),
            role: z.enum(['admin', 'viewer']),
            passwordHash: z.string().startsWith('scrypt$').optional(),
            password: z.string().min(12).optional(),
          })
          .refine((a) => a.passwordHash || a.password, 'each account needs passwordHash (or password)'),
      )
      .safeParse(parsed);
    if (!accounts.success) {
      ctx.addIssue({
        code: 'custom',
        message: `LOCAL_USERS: ${accounts.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      });
      return z.NEVER;
    }
    return accounts.data;
  });

const schema = z.object({
  AZURE_STORAGE_CONNECTION_STRING: z.string().trim().optional(),
  STORAGE_EMBEDDED: z.enum(['0', '1', '']).optional(),
  SAS_CONTAINERS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const names = (v?.trim() ? v : 'recordings,gim-export')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = names.filter((n) => !CONTAINER_NAME.test(n));
      if (names.length === 0 || bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `SAS_CONTAINERS must be a comma-separated list of container names (3-63 lowercase letters, digits and single hyphens); not valid: ${bad.join(', ') || '(empty)'}.`,
        });
        return z.NEVER;
      }
      return [...new Set(names)];
    }),
  SAS_MAX_DAYS: intIn('SAS_MAX_DAYS', 1, 3650, 365),
  RETENTION_DAYS: intIn('RETENTION_DAYS', 1, 3650, 30),
  PORT: intIn('PORT', 1, 65535, 3000),
  HOST: z.string().trim().optional(),
  AZURITE_HOST: z.string().trim().optional(),
  AZURITE_BLOB_PORT: intIn('AZURITE_BLOB_PORT', 1, 65535, 10000),
  AZURITE_TABLE_PORT: intIn('AZURITE_TABLE_PORT', 1, 65535, 10002),
  AZURITE_LOCATION: z.string().trim().optional(),
  DEMO_TENANT: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^[A-Za-z0-9-]{1,64}$/.test(v), 'DEMO_TENANT must be 1-64 letters, digits or hyphens.'),
  DEMO_RECORDINGS: intIn('DEMO_RECORDINGS', 0, 100_000, 240),
  AUTH_SECRET: z
    .string()
    .optional()
    .refine((v) => !v || v.length >= 32, 'AUTH_SECRET must be at least 32 characters (for example `openssl rand -base64 32`).'),
  ADMIN_USERNAME: z.string().trim().max(128).optional(),
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .refine((v) => !v || v.length >= 12, 'ADMIN_PASSWORD must be at least 12 characters.'),
  ADMIN_PASSWORD_HASH: z
    .string()
    .optional()
    .refine(
      (v) => !v || /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.test(v),
      'ADMIN_PASSWORD_HASH must come from `npm run hash-password`.',
    ),
  LOCAL_USERS: localUsers,
  ADMIN_USERS: list,
  VIEWER_USERS: list,
  OIDC_ISSUER: z.string().trim().url('OIDC_ISSUER must be the issuer URL.').optional().or(z.literal('')),
  OIDC_CLIENT_ID: z.string().trim().optional(),
  OIDC_CLIENT_SECRET: z.string().trim().optional(),
  OIDC_NAME: z.string().trim().max(64).optional(),
  // Read by Auth.js itself; validated here so a typo stops the start with a clear message.
  AUTH_URL: z
    .string()
    .trim()
    .url("AUTH_URL must be the console's public URL, like https://console.example.com.")
    .optional()
    .or(z.literal('')),
  // Its older name, which Auth.js still reads when AUTH_URL is not set.
  NEXTAUTH_URL: z
    .string()
    .trim()
    .url("NEXTAUTH_URL must be the console's public URL, like https://console.example.com (AUTH_URL is its newer name).")
    .optional()
    .or(z.literal('')),
  OIDC_ADMIN_GROUPS: list,
  OIDC_VIEWER_GROUPS: list,
  // Reverse proxies in front of the console whose X-Forwarded-For entries are believed (scripts/serve.mjs).
  TRUSTED_PROXIES: intIn('TRUSTED_PROXIES', 0, 10, 0),
  SESSION_IDLE_MINUTES: intIn('SESSION_IDLE_MINUTES', 1, 24 * 60, 30),
  SESSION_MAX_HOURS: intIn('SESSION_MAX_HOURS', 1, 7 * 24, 8),
  SIGNIN_MAX_FAILURES: intIn('SIGNIN_MAX_FAILURES', 1, 100, 5),
  SIGNIN_LOCK_MINUTES: intIn('SIGNIN_LOCK_MINUTES', 1, 24 * 60, 15),
  SIGNIN_USER_MAX_DELAY_SECONDS: intIn('SIGNIN_USER_MAX_DELAY_SECONDS', 1, 3600, 60),
  SSO_ROLE_CHECK_SECONDS: intIn('SSO_ROLE_CHECK_SECONDS', 5, 15 * 60, 15 * 60),
  ACCOUNT_SAS_MAX_DAYS: intIn('ACCOUNT_SAS_MAX_DAYS', 1, 365, 7),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .trim()
    .url("OTEL_EXPORTER_OTLP_ENDPOINT must be the collector's URL, like http://127.0.0.1:4318.")
    .optional()
    .or(z.literal('')),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'LOG_LEVEL must be one of debug, info, warn, error.' })
    .optional()
    .or(z.literal('')),
  INDEX_INTERVAL_MINUTES: intIn('INDEX_INTERVAL_MINUTES', 1, 24 * 60, 10),
  GIM_MAPPING: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const parsed = parseMapping(v);
      if (parsed.ok) return parsed.mapping;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }),
});

export class ConfigError extends Error {}

export function parseConfig(source: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'configuration');
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const azurite = {
    host: e.AZURITE_HOST || '127.0.0.1',
    blobPort: e.AZURITE_BLOB_PORT,
    tablePort: e.AZURITE_TABLE_PORT,
    location: e.AZURITE_LOCATION || '.azurite',
  };
  const connection = e.AZURE_STORAGE_CONNECTION_STRING || azuriteConnectionString(azurite.host, azurite.blobPort, azurite.tablePort);
  let storage: StorageAccount;
  try {
    storage = storageFromConnectionString(connection);
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  AZURE_STORAGE_CONNECTION_STRING ${(error as Error).message}`);
  }
  const localAccounts: LocalAccount[] = [...e.LOCAL_USERS];
  if (e.ADMIN_USERNAME) {
    if (!e.ADMIN_PASSWORD && !e.ADMIN_PASSWORD_HASH) {
      throw new ConfigError('Invalid configuration:\n  ADMIN_USERNAME is set, but neither ADMIN_PASSWORD nor ADMIN_PASSWORD_HASH is.');
    }
    localAccounts.unshift({ username: e.ADMIN_USERNAME, role: 'admin', passwordHash: e.ADMIN_PASSWORD_HASH, password: e.ADMIN_PASSWORD });
  }
  const oidcParts = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidcParts !== 0 && oidcParts !== 3) {
    throw new ConfigError('Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together.');
  }
  const authUrlAtLocalhost = oidcParts === 3 && e.AUTH_URL ? atLocalhost(new URL(e.AUTH_URL)) : undefined;
  if (authUrlAtLocalhost) {
    throw new ConfigError(
      `Invalid configuration:\n  AUTH_URL names a loopback address; single sign-on on this machine runs at localhost: use ${authUrlAtLocalhost.origin}.`,
    );
  }
  const auth: AuthConfig = {
    secret: e.AUTH_SECRET,
    // As Auth.js picks it: AUTH_URL when it is set at all (even empty), else NEXTAUTH_URL.
    publicUrl: (e.AUTH_URL ?? e.NEXTAUTH_URL) || undefined,
    localAccounts,
    adminUsers: e.ADMIN_USERS,
    viewerUsers: e.VIEWER_USERS,
    oidc:
      oidcParts === 3
        ? {
            issuer: e.OIDC_ISSUER!,
            clientId: e.OIDC_CLIENT_ID!,
            clientSecret: e.OIDC_CLIENT_SECRET!,
            name: e.OIDC_NAME || 'single sign-on',
            adminGroups: e.OIDC_ADMIN_GROUPS,
            viewerGroups: e.OIDC_VIEWER_GROUPS,
          }
        : undefined,
    idleMinutes: e.SESSION_IDLE_MINUTES,
    maxHours: e.SESSION_MAX_HOURS,
    maxFailures: e.SIGNIN_MAX_FAILURES,
    lockMinutes: e.SIGNIN_LOCK_MINUTES,
    userMaxDelaySeconds: e.SIGNIN_USER_MAX_DELAY_SECONDS,
    ssoRecheckSeconds: e.SSO_ROLE_CHECK_SECONDS,
  };
  return {
    auth,
    // The start script passes the embedded Azurite's connection string on to the app and says so
    // (STORAGE_EMBEDDED=1); the script itself decides only from the connection string being unset.
    embedded: !e.AZURE_STORAGE_CONNECTION_STRING || e.STORAGE_EMBEDDED === '1',
    startsAzurite: !e.AZURE_STORAGE_CONNECTION_STRING,
    storage,
    containers: e.SAS_CONTAINERS,
    sasMaxDays: e.SAS_MAX_DAYS,
    accountSasMaxDays: e.ACCOUNT_SAS_MAX_DAYS,
    logLevel: e.LOG_LEVEL || 'info',
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    retentionDays: e.RETENTION_DAYS,
    port: e.PORT,
    host: e.HOST || '127.0.0.1',
    azurite,
    demo: { tenant: e.DEMO_TENANT || 'mytenant', recordings: e.DEMO_RECORDINGS },
    gim: { intervalMinutes: e.INDEX_INTERVAL_MINUTES, mapping: e.GIM_MAPPING },
  };
}
