/** Users: create, authenticate with a password, change the password. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../lib/errors.js';
import { badPassword, invalidCredentials, userNotFound } from './access.errors.js';
import type { Role } from './access.tables.js';
import { generatePassword, hashPassword, passwordProblems, verifyPassword } from './passwords.js';

/** A user as the platform shows it (never with the hash). */
export interface User {
  id: number;
  orgId: number;
  username: string;
  displayName: string | null;
  role: Role;
  mustChangePassword: boolean;
  createdAt: string;
  disabled: boolean;
}

const ROLES: readonly Role[] = ['admin', 'manager', 'member', 'viewer'];
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

// A fixed hash to verify against when the user does not exist, so a login takes as long either way and does
// not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

function toUser(row: Record<string, unknown>): User {
  return {
    id: Number(row.id),
    orgId: Number(row.org_id),
    username: String(row.username),
    displayName: (row.display_name as string | null) ?? null,
    role: row.role as Role,
    mustChangePassword: Number(row.must_change_password) === 1,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    disabled: row.disabled_at != null,
  };
}

/** What it takes to create a user; without a password one is generated and returned once. */
export interface NewUser {
  orgId: number;
  orgKind: string;
  username: string;
  role: Role;
  displayName?: string | null;
  password?: string;
}

/** Creates a user. Returns the user and, when none was given, the one-time password to hand over. */
export async function createUser(
  db: Kysely<DB>,
  input: NewUser,
  now = Date.now(),
): Promise<{ user: User; oneTimePassword: string | null }> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw badRequest(
      'ACCESS_BAD_USERNAME',
      `username ${JSON.stringify(input.username)} must be 3–64 characters of a–z, 0–9, dot, dash or underscore, starting with a letter or digit.`,
      { path: '/username' },
    );
  }
  if (!ROLES.includes(input.role)) {
    throw badRequest(
      'ACCESS_BAD_ROLE',
      `role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(input.role)}.`,
      {
        path: '/role',
      },
    );
  }
  if (input.role === 'admin' && input.orgKind !== 'admin') {
    throw badRequest('ACCESS_BAD_ROLE', 'The admin role belongs to the platform administration only.', {
      path: '/role',
    });
  }
  const generated = input.password === undefined;
  const password = input.password ?? generatePassword();
  const problems = passwordProblems(password, username);
  if (problems.length > 0) throw badPassword(problems);
  const row = await db
    .insertInto('users')
    .values({
      org_id: input.orgId,
      username,
      display_name: input.displayName ?? null,
      password_hash: await hashPassword(password),
      role: input.role,
      must_change_password: generated ? 1 : 0,
      created_at: now,
      password_changed_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    user: toUser(row as unknown as Record<string, unknown>),
    oneTimePassword: generated ? password : null,
  };
}

/** Checks a username and password; throws AUTH_INVALID_CREDENTIALS (401) for any mismatch. */
export async function authenticate(db: Kysely<DB>, username: string, password: string): Promise<User> {
  const row = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.org_id')
    .selectAll('users')
    .select('organisations.disabled_at as org_disabled_at')
    .where('users.username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
  if (!row) {
    dummyHash ??= hashPassword('dummy-password-for-timing');
    await verifyPassword(password, await dummyHash);
    throw invalidCredentials();
  }
  const ok = await verifyPassword(password, row.password_hash);
  if (!ok || row.disabled_at != null || row.org_disabled_at != null) throw invalidCredentials();
  return toUser(row as unknown as Record<string, unknown>);
}

/** Finds a user by id. */
export async function getUser(db: Kysely<DB>, id: number): Promise<User> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw userNotFound(String(id));
  return toUser(row as unknown as Record<string, unknown>);
}

/** Lists the users of one organisation. */
export async function listUsers(db: Kysely<DB>, orgId: number): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
  return rows.map((r) => toUser(r as unknown as Record<string, unknown>));
}

/** Changes a password after checking the current one; ends the user's other sessions. */
export async function changePassword(
  db: Kysely<DB>,
  userId: number,
  current: string,
  next: string,
  keepSessionHash: string | null,
  now = Date.now(),
): Promise<void> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!row) throw userNotFound(String(userId));
  if (!(await verifyPassword(current, row.password_hash))) {
    throw badRequest('AUTH_WRONG_PASSWORD', 'The current password is wrong.', { path: '/currentPassword' });
  }
  const problems = passwordProblems(next, row.username);
  if (current === next) problems.push('must differ from the current password');
  if (problems.length > 0) throw badPassword(problems, '/newPassword');
  const hash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: 0, password_changed_at: now })
      .where('id', '=', userId)
      .execute();
    let del = trx.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepSessionHash) del = del.where('token_hash', '!=', keepSessionHash);
    await del.execute();
  });
}

/** Sets a new password without the old one (admin reset or first-admin bootstrap). */
export async function setPassword(
  db: Kysely<DB>,
  userId: number,
  password: string,
  mustChange: boolean,
  now = Date.now(),
) {
  const row = await db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirst();
  if (!row) throw userNotFound(String(userId));
  const problems = passwordProblems(password, row.username);
  if (problems.length > 0) throw badPassword(problems);
  await db
    .updateTable('users')
    .set({
      password_hash: await hashPassword(password),
      must_change_password: mustChange ? 1 : 0,
      password_changed_at: now,
    })
    .where('id', '=', userId)
    .execute();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
