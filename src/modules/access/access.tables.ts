/** Table types of the access module: organisations, users, sessions, API keys and the audit log. */
import type { Generated } from 'kysely';

/** Kinds of organisation (DESIGN.md, Security model). */
export type OrgKind = 'enterprise' | 'department' | 'county' | 'platform' | 'admin';

/** organisations: every party with accounts on the platform. */
export interface OrganisationsTable {
  id: Generated<number>;
  kind: OrgKind;
  name: string;
  name_en: string | null;
  /** 统一社会信用代码 (GB 32100), required for enterprises. */
  uscc: string | null;
  /** Global Location Number naming the organisation as a party (PGLN, GS1 AI 417), when it has one. */
  gln?: string | null;
  /** GB/T 2260 division of the seat (enterprises) or of the county itself (county governments). */
  division_code: string | null;
  /** Department: JSON array of the category codes it supervises. */
  categories: unknown;
  /** Profile-check strictness for captured events: `reject` or `warn`. */
  strictness: string;
  created_at: number;
  disabled_at: number | null;
}

/** Roles a user may hold inside an organisation. */
export type Role = 'admin' | 'manager' | 'member' | 'viewer';

/** users: people who log in with a password. */
export interface UsersTable {
  id: Generated<number>;
  org_id: number;
  username: string;
  display_name: string | null;
  password_hash: string;
  role: Role;
  must_change_password: number;
  created_at: number;
  password_changed_at: number;
  disabled_at: number | null;
}

/** sessions: cookie sessions of the web app; the cookie holds a random token, the table its SHA-256. */
export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

/** api_keys: keys of an organisation for other systems; only a hash is kept. */
export interface ApiKeysTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  /** The key's first characters, shown in lists so a person can tell keys apart. */
  prefix: string;
  key_hash: string;
  created_at: number;
  created_by: number | null;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

/** audit_log: who did or read what, when and from where. */
export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_user_id: number | null;
  actor_org_id: number | null;
  actor_key_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_org_id: number | null;
  detail: unknown;
  ip: string | null;
  request_id: string | null;
}

/** The access module's slice of the database. */
export interface AccessTables {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
}
