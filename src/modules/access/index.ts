/** Accounts and access: organisations, users, sessions, API keys, scopes and the audit log. */
export * from './access.errors.js';
export type { AccessTables, OrgKind, Role } from './access.tables.js';
export * from './api-keys.service.js';
export * from './audit.service.js';
export * from './bootstrap.service.js';
export * from './categories.js';
export * from './organisations.service.js';
export { generatePassword, hashPassword, passwordProblems, verifyPassword } from './passwords.js';
export * from './principal.service.js';
export {
  canSee,
  isOversight,
  type Principal,
  type Scope,
  type ScopedColumns,
  scopeFor,
  visibleTo,
} from './scope.js';
export * from './sessions.service.js';
export * from './users.service.js';
