export type { DbErrorInfo, DialectCapabilities, EngineName } from './dialect.js';
export { postgresDialect } from './postgres.js';
export { sqliteDialect } from './sqlite.js';
