/** First start: create the platform administration and its admin account, once. */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { audit } from './audit.service.js';
import { createOrganisation } from './organisations.service.js';
import { createUser } from './users.service.js';

/** What the bootstrap did: the admin username and, when generated, its one-time password (print it once). */
export interface BootstrapResult {
  created: boolean;
  username: string;
  oneTimePassword: string | null;
}

/** Creates the admin organisation and the `admin` user unless an admin user exists. */
export async function ensureAdmin(
  db: Kysely<DB>,
  dialect: DialectCapabilities,
  configuredPassword: string | undefined,
): Promise<BootstrapResult> {
  const existing = await db
    .selectFrom('users')
    .select('username')
    .where('role', '=', 'admin')
    .executeTakeFirst();
  if (existing) return { created: false, username: existing.username, oneTimePassword: null };
  let org = await db.selectFrom('organisations').select('id').where('kind', '=', 'admin').executeTakeFirst();
  if (!org) {
    const made = await createOrganisation(db, dialect, {
      kind: 'admin',
      name: '追溯平台管理中心',
      nameEn: 'Zhuisu platform administration',
      divisionCode: '360800',
    });
    org = { id: made.id };
  }
  const { user, oneTimePassword } = await createUser(db, {
    orgId: Number(org.id),
    orgKind: 'admin',
    username: 'admin',
    role: 'admin',
    displayName: '平台管理员',
    ...(configuredPassword ? { password: configuredPassword } : {}),
  });
  await audit(db, dialect, null, null, {
    action: 'user.create',
    targetType: 'user',
    targetId: user.id,
    detail: { username: 'admin', role: 'admin', bootstrap: true },
  });
  return { created: true, username: user.username, oneTimePassword };
}
