/** Builds an app on a fresh store for an end-to-end suite, with helpers to log in and call it. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Config, ConfigOverrides } from '../../src/config/index.js';
import { type Database, migrateUp, openDatabase } from '../../src/db/index.js';
import {
  createApiKey,
  createOrganisation,
  createUser,
  ensureAdmin,
  type NewOrganisation,
  type Role,
} from '../../src/modules/access/index.js';
import { makeUscc } from '../../src/modules/codes/cn/index.js';
import { buildApp } from '../../src/server/app.js';
import type { Engine } from './engines.js';

/** A test platform on a fresh store. */
export interface TestPlatform {
  app: FastifyInstance;
  database: Database;
  config: Config;
  adminPassword: string;
  close(): Promise<void>;
}

/** Password every test user gets. */
export const TEST_PASSWORD = 'correct-horse-battery-9';

/** Starts an app (not listening; use app.inject) on a fresh migrated store with an admin. */
export async function startPlatform(engine: Engine, overrides: ConfigOverrides = {}): Promise<TestPlatform> {
  const adminPassword = 'Zs-test-secret-pass-1';
  const { config, dispose } = await engine.fresh({ adminPassword, ...overrides });
  const database = await openDatabase(config);
  await migrateUp(database);
  await ensureAdmin(database.db, database.dialect, config.adminPassword);
  const app = await buildApp(config, database);
  await app.ready();
  return {
    app,
    database,
    config,
    adminPassword,
    async close() {
      await app.close();
      await database.close();
      await dispose();
    },
  };
}

let usccSerial = 0;
/** A valid, unique USCC of an enterprise registered in `division`. */
export function testUscc(division: string): string {
  for (;;) {
    usccSerial += 1;
    const body = `MA${String(usccSerial * 7919 + process.pid)
      .padStart(6, '0')
      .slice(-6)}`;
    try {
      return makeUscc({ authority: '9', entityType: '1', division, orgBody: body });
    } catch {
      // some bodies yield no valid check character; try the next
    }
  }
}

/** Creates an organisation with one user of `role` (password TEST_PASSWORD) and returns both ids. */
export async function seedOrg(
  p: TestPlatform,
  org: NewOrganisation,
  username: string,
  role: Role = 'manager',
): Promise<{ orgId: number; userId: number; username: string }> {
  const made = await createOrganisation(p.database.db, p.database.dialect, org);
  const { user } = await createUser(p.database.db, {
    orgId: made.id,
    orgKind: made.kind,
    username,
    role,
    password: TEST_PASSWORD,
  });
  return { orgId: made.id, userId: user.id, username };
}

/** Creates an API key for an organisation. */
export async function seedKey(
  p: TestPlatform,
  orgId: number,
  expiresAt: Date | null = null,
): Promise<{ key: string; id: number }> {
  const { key, apiKey } = await createApiKey(p.database.db, { orgId, expiresAt });
  return { key, id: apiKey.id };
}

/** A logged-in session: its cookie and CSRF token, and a call helper that sends both. */
export interface Session {
  cookie: string;
  csrf: string;
  call(method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

/** Logs a user in through the API. */
export async function login(p: TestPlatform, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const raw = (Array.isArray(setCookie) ? setCookie[0] : setCookie) ?? '';
  const cookie = raw.split(';')[0]!;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    cookie,
    csrf,
    call: (method, url, payload) =>
      p.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie, 'x-csrf-token': csrf },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      }),
  };
}
