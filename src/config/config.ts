/**
 * Configuration: defaults ← optional JSON config file ← environment variables, validated once into a frozen
 * object. Nothing outside src/config/ reads process.env (CONVENTIONS.md §7). Every key is documented here and
 * in README.md (the table is generated from CONFIG_KEYS by `zhuisu config --markdown`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { AppError } from '../lib/errors.js';

/** The validated, frozen configuration every other module receives. */
export interface Config {
  /** Runtime environment: `development`, `test` or `production` (NODE_ENV). */
  readonly env: 'development' | 'test' | 'production';
  /** Address the HTTP server binds to. */
  readonly host: string;
  /** TCP port of the HTTP server. */
  readonly port: number;
  /** Public base URL of this deployment, used in trace-code URLs (`<base>/q/<code>`) and links. */
  readonly baseUrl: string;
  /** Directory of the embedded store, the ledger key and uploaded files. */
  readonly dataDir: string;
  /** PostgreSQL connection string; when absent the embedded SQLite store in dataDir is used. */
  readonly databaseUrl: string | undefined;
  /** PostgreSQL schema to use (search_path); lets several deployments or test runs share one database. */
  readonly pgSchema: string | undefined;
  /** Maximum PostgreSQL pool size per server node. */
  readonly pgPoolSize: number;
  /** pino log level. */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests per minute per client on public routes; 0 turns the limit off (benchmarks). */
  readonly publicRateLimit: number;
  /** Largest JSON body accepted on ordinary routes, in bytes. */
  readonly bodyLimit: number;
  /** Largest EPCIS capture document accepted, in bytes. */
  readonly captureBodyLimit: number;
  /** Secret for signing cookies; required in production. */
  readonly sessionSecret: string;
  /** Session lifetime in hours. */
  readonly sessionTtlHours: number;
  /** Mark cookies `Secure` (on by default in production, which is served over HTTPS). */
  readonly secureCookies: boolean;
  /** Trust X-Forwarded-* headers from a reverse proxy (true, false, or a hop count / CIDR list). */
  readonly trustProxy: boolean | string;
  /** Password of the first admin account; when unset a one-time password is generated and printed. */
  readonly adminPassword: string | undefined;
  /**
   * GS1 company-prefix length for EPC URNs and SSCCs when set; unset, it follows the GTIN's prefix
   * (`defaultGcpLength`: 690–691 → 7, 692–699 → 8, else 7; docs/codes/issuance.md).
   */
  readonly gcpLength: number | undefined;
  /** Seed the Ji'an demo data set on the first start of an empty store (never in production). */
  readonly demoSeed: boolean;
  /** Hosts or CIDR ranges that webhook subscribers may use although private (internal deployments). */
  readonly webhookAllow: readonly string[];
  /** PEM private key that signs ledger tree heads; unset, `<dataDir>/ledger-key.pem` is created on first start. */
  readonly ledgerKey: string | undefined;
  /** Algorithm of the ledger key: `ed25519` (RFC 8032) or `sm2` (GB/T 32918, for 国密 deployments). */
  readonly ledgerAlgorithm: 'ed25519' | 'sm2';
}

/** One documented configuration key: its environment variable, config-file key, default and meaning. */
export interface ConfigKey {
  env: string;
  key: keyof Config;
  default: string;
  doc: string;
}

/** Every configuration key, in the order README.md lists them. */
export const CONFIG_KEYS: readonly ConfigKey[] = [
  {
    env: 'NODE_ENV',
    key: 'env',
    default: 'development',
    doc: '`production` turns on secure cookies and requires the secrets; never seeds demo data.',
  },
  {
    env: 'ZHUISU_HOST',
    key: 'host',
    default: '127.0.0.1',
    doc: 'Address the HTTP server binds to (`0.0.0.0` to listen on every interface).',
  },
  {
    env: 'ZHUISU_PORT',
    key: 'port',
    default: '8080',
    doc: 'TCP port of the HTTP server (`PORT` is read too).',
  },
  {
    env: 'ZHUISU_BASE_URL',
    key: 'baseUrl',
    default: 'http://localhost:<port>',
    doc: 'Public base URL, used in trace-code URLs `<base>/q/<code>`.',
  },
  {
    env: 'ZHUISU_DATA_DIR',
    key: 'dataDir',
    default: './data',
    doc: 'Embedded SQLite store (`zhuisu.db`), ledger key and uploaded files.',
  },
  {
    env: 'DATABASE_URL',
    key: 'databaseUrl',
    default: '(unset)',
    doc: 'PostgreSQL connection string; selects PostgreSQL instead of SQLite.',
  },
  {
    env: 'ZHUISU_PG_SCHEMA',
    key: 'pgSchema',
    default: '(unset: public)',
    doc: 'PostgreSQL schema (search_path), created if missing.',
  },
  { env: 'ZHUISU_PG_POOL', key: 'pgPoolSize', default: '10', doc: 'PostgreSQL connections per server node.' },
  {
    env: 'ZHUISU_LOG_LEVEL',
    key: 'logLevel',
    default: 'info',
    doc: 'pino log level (`silent` to turn logs off).',
  },
  {
    env: 'ZHUISU_PUBLIC_RATE_LIMIT',
    key: 'publicRateLimit',
    default: '120',
    doc: 'Requests per minute per client on public routes; `0` turns the limit off.',
  },
  {
    env: 'ZHUISU_BODY_LIMIT',
    key: 'bodyLimit',
    default: '1048576',
    doc: 'Largest request body on ordinary routes, in bytes (413 beyond).',
  },
  {
    env: 'ZHUISU_CAPTURE_LIMIT',
    key: 'captureBodyLimit',
    default: '67108864',
    doc: 'Largest EPCIS capture document, in bytes (413 beyond).',
  },
  {
    env: 'ZHUISU_SESSION_SECRET',
    key: 'sessionSecret',
    default: '(random per start; required in production)',
    doc: 'Secret (≥ 32 characters) for signing cookies.',
  },
  {
    env: 'ZHUISU_SESSION_TTL_HOURS',
    key: 'sessionTtlHours',
    default: '12',
    doc: 'Lifetime of a login session.',
  },
  {
    env: 'ZHUISU_SECURE_COOKIES',
    key: 'secureCookies',
    default: 'true in production',
    doc: 'Mark cookies `Secure` (HTTPS only).',
  },
  {
    env: 'ZHUISU_TRUST_PROXY',
    key: 'trustProxy',
    default: 'false',
    doc: 'Trust `X-Forwarded-*` from a reverse proxy: `true`, a hop count or a CIDR list.',
  },
  {
    env: 'ZHUISU_ADMIN_PASSWORD',
    key: 'adminPassword',
    default: '(unset: generated and printed once)',
    doc: 'Password of the first admin account created on first start.',
  },
  {
    env: 'ZHUISU_GCP_LENGTH',
    key: 'gcpLength',
    default: '(unset: by GS1 prefix, 690–691 → 7, 692–699 → 8)',
    doc: 'GS1 company-prefix length (4–12) for EPC URNs and SSCCs; set it to your GS1 China allocation.',
  },
  {
    env: 'ZHUISU_DEMO',
    key: 'demoSeed',
    default: 'true (false in production)',
    doc: "Seed the Ji'an demo data set when the store is empty.",
  },
  {
    env: 'ZHUISU_WEBHOOK_ALLOW',
    key: 'webhookAllow',
    default: '(empty)',
    doc: 'Comma-separated hosts or CIDR ranges webhook subscribers may use although private.',
  },
  {
    env: 'ZHUISU_LEDGER_KEY',
    key: 'ledgerKey',
    default: '(unset: <data dir>/ledger-key.pem, created on first start)',
    doc: 'Path of the PEM private key (PKCS #8) that signs ledger tree heads; give every server node the same key.',
  },
  {
    env: 'ZHUISU_LEDGER_ALGORITHM',
    key: 'ledgerAlgorithm',
    default: 'ed25519',
    doc: 'Tree-head signature algorithm: `ed25519`, or `sm2` (SM2 with SM3) for 国密 deployments; the key must match.',
  },
  {
    env: 'ZHUISU_CONFIG',
    key: 'env',
    default: '(unset)',
    doc: 'Path of an optional JSON config file whose keys are the camelCase names above.',
  },
];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const ENVS = ['development', 'test', 'production'] as const;
type Source = Record<string, unknown>;

function configError(message: string): AppError {
  return new AppError('CONFIG_INVALID', message, { status: 500, fault: 'caller' });
}

function readInt(name: string, raw: unknown, min: number, max: number): number {
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(n) || n < min || n > max) {
    throw configError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}.`);
  }
  return n;
}

function readBool(name: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  const s = String(raw).trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off'].includes(s)) return false;
  throw configError(`${name} must be true or false, got ${JSON.stringify(raw)}.`);
}

function pick(env: NodeJS.ProcessEnv, file: Source, envName: string, key: string): unknown {
  const fromEnv = env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return file[key];
}

/** Reads the optional JSON config file named by ZHUISU_CONFIG (or an explicit path). */
function readConfigFile(path: string | undefined, cwd: string): Source {
  if (!path) return {};
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  if (!existsSync(full)) throw configError(`ZHUISU_CONFIG names ${full}, which does not exist.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(full, 'utf8'));
  } catch (e) {
    throw configError(`Config file ${full} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw configError(`Config file ${full} must hold a JSON object.`);
  }
  const known = new Set(CONFIG_KEYS.map((k) => k.key as string));
  for (const k of Object.keys(parsed)) {
    if (!known.has(k)) throw configError(`Config file ${full} has an unknown key "${k}".`);
  }
  return parsed as Source;
}

/** Overrides a caller (CLI flags, tests) may set on top of the environment. */
export type ConfigOverrides = Partial<{ -readonly [K in keyof Config]: Config[K] }>;

/**
 * Builds the configuration from defaults, the optional config file and the environment, then applies overrides.
 * Throws CONFIG_INVALID naming the key and value that is wrong, and in production names every missing secret.
 */
export function loadConfig(
  overrides: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Config {
  const file = readConfigFile(env.ZHUISU_CONFIG, cwd);
  const get = (envName: string, key: keyof Config) => pick(env, file, envName, key);

  const rawEnv = overrides.env ?? get('NODE_ENV', 'env') ?? 'development';
  if (!ENVS.includes(rawEnv as (typeof ENVS)[number])) {
    throw configError(`NODE_ENV must be one of ${ENVS.join(', ')}, got ${JSON.stringify(rawEnv)}.`);
  }
  const runEnv = rawEnv as Config['env'];
  const production = runEnv === 'production';

  const port =
    overrides.port ?? readInt('ZHUISU_PORT', get('ZHUISU_PORT', 'port') ?? env.PORT ?? 8080, 0, 65535);
  const host = overrides.host ?? String(get('ZHUISU_HOST', 'host') ?? '127.0.0.1');
  const rawLevel =
    overrides.logLevel ?? get('ZHUISU_LOG_LEVEL', 'logLevel') ?? (runEnv === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(rawLevel as (typeof LOG_LEVELS)[number])) {
    throw configError(
      `ZHUISU_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(rawLevel)}.`,
    );
  }
  const dataDir = resolve(cwd, String(overrides.dataDir ?? get('ZHUISU_DATA_DIR', 'dataDir') ?? './data'));
  const databaseUrl = overrides.databaseUrl ?? (get('DATABASE_URL', 'databaseUrl') as string | undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw configError(
      `DATABASE_URL must be a postgres:// or postgresql:// URL, got ${JSON.stringify(databaseUrl)}.`,
    );
  }
  const pgSchema = overrides.pgSchema ?? (get('ZHUISU_PG_SCHEMA', 'pgSchema') as string | undefined);
  if (pgSchema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(pgSchema)) {
    throw configError(
      `ZHUISU_PG_SCHEMA must be a lower-case SQL identifier, got ${JSON.stringify(pgSchema)}.`,
    );
  }

  const missing: string[] = [];
  let sessionSecret =
    overrides.sessionSecret ?? (get('ZHUISU_SESSION_SECRET', 'sessionSecret') as string | undefined);
  if (sessionSecret === undefined) {
    if (production) missing.push('ZHUISU_SESSION_SECRET (≥ 32 random characters, signs session cookies)');
    sessionSecret = randomSecret();
  } else if (sessionSecret.length < 32) {
    throw configError('ZHUISU_SESSION_SECRET must be at least 32 characters long.');
  }
  if (missing.length > 0) {
    throw configError(`A production start needs these secrets, which are not set: ${missing.join('; ')}.`);
  }

  const rawBase = overrides.baseUrl ?? (get('ZHUISU_BASE_URL', 'baseUrl') as string | undefined);
  const baseUrl = (rawBase ?? `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw configError(`ZHUISU_BASE_URL must be an absolute URL, got ${JSON.stringify(baseUrl)}.`);
  }

  const rawTrust = overrides.trustProxy ?? get('ZHUISU_TRUST_PROXY', 'trustProxy') ?? false;
  let trustProxy: boolean | string = false;
  if (typeof rawTrust === 'boolean') trustProxy = rawTrust;
  else if (/^(true|false)$/i.test(String(rawTrust))) trustProxy = /^true$/i.test(String(rawTrust));
  else trustProxy = String(rawTrust);

  const allow = overrides.webhookAllow ?? get('ZHUISU_WEBHOOK_ALLOW', 'webhookAllow') ?? [];
  const webhookAllow = (Array.isArray(allow) ? allow.map(String) : String(allow).split(','))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

  const config: Config = {
    env: runEnv,
    host,
    port,
    baseUrl,
    dataDir,
    databaseUrl,
    pgSchema,
    pgPoolSize:
      overrides.pgPoolSize ?? readInt('ZHUISU_PG_POOL', get('ZHUISU_PG_POOL', 'pgPoolSize') ?? 10, 1, 500),
    logLevel: rawLevel as Config['logLevel'],
    publicRateLimit:
      overrides.publicRateLimit ??
      readInt(
        'ZHUISU_PUBLIC_RATE_LIMIT',
        get('ZHUISU_PUBLIC_RATE_LIMIT', 'publicRateLimit') ?? 120,
        0,
        1_000_000,
      ),
    bodyLimit:
      overrides.bodyLimit ??
      readInt('ZHUISU_BODY_LIMIT', get('ZHUISU_BODY_LIMIT', 'bodyLimit') ?? 1_048_576, 1024, 2 ** 31),
    captureBodyLimit:
      overrides.captureBodyLimit ??
      readInt(
        'ZHUISU_CAPTURE_LIMIT',
        get('ZHUISU_CAPTURE_LIMIT', 'captureBodyLimit') ?? 64 * 1024 * 1024,
        1024,
        2 ** 31,
      ),
    sessionSecret,
    sessionTtlHours:
      overrides.sessionTtlHours ??
      readInt(
        'ZHUISU_SESSION_TTL_HOURS',
        get('ZHUISU_SESSION_TTL_HOURS', 'sessionTtlHours') ?? 12,
        1,
        24 * 90,
      ),
    secureCookies:
      overrides.secureCookies ??
      readBoolOr(get('ZHUISU_SECURE_COOKIES', 'secureCookies'), production, 'ZHUISU_SECURE_COOKIES'),
    trustProxy,
    adminPassword:
      overrides.adminPassword ?? (get('ZHUISU_ADMIN_PASSWORD', 'adminPassword') as string | undefined),
    gcpLength: optionalGcpLength(overrides.gcpLength ?? get('ZHUISU_GCP_LENGTH', 'gcpLength')),
    demoSeed: production
      ? false
      : (overrides.demoSeed ?? readBoolOr(get('ZHUISU_DEMO', 'demoSeed'), true, 'ZHUISU_DEMO')),
    webhookAllow: Object.freeze(webhookAllow),
    ledgerKey: optionalPath(overrides.ledgerKey ?? get('ZHUISU_LEDGER_KEY', 'ledgerKey'), cwd),
    ledgerAlgorithm: readLedgerAlgorithm(
      overrides.ledgerAlgorithm ?? get('ZHUISU_LEDGER_ALGORITHM', 'ledgerAlgorithm'),
    ),
  };
  return Object.freeze(config);
}

// Explicitly set wins; unset (or empty) leaves the per-prefix default of the codes module.
function optionalGcpLength(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  return readInt('ZHUISU_GCP_LENGTH', raw as string | number, 4, 12);
}

// A path given relative to the working directory, like ZHUISU_DATA_DIR; unset or empty stays unset.
function optionalPath(raw: unknown, cwd: string): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  return resolve(cwd, String(raw));
}

function readLedgerAlgorithm(raw: unknown): Config['ledgerAlgorithm'] {
  if (raw === undefined || raw === null || raw === '') return 'ed25519';
  const s = String(raw).trim().toLowerCase();
  if (s === 'ed25519' || s === 'sm2') return s;
  throw configError(`ZHUISU_LEDGER_ALGORITHM must be ed25519 or sm2, got ${JSON.stringify(raw)}.`);
}

function readBoolOr(raw: unknown, fallback: boolean, name = 'value'): boolean {
  if (raw === undefined || raw === null || raw === '') return fallback;
  return readBool(name, raw);
}

function randomSecret(): string {
  // Imported lazily to keep this module free of side effects at import time.
  return globalThis.crypto
    .getRandomValues(new Uint8Array(32))
    .reduce((s, b) => s + b.toString(16).padStart(2, '0'), '');
}
