export { type Database, dialectFor, openDatabase } from './database.js';
export type { DialectCapabilities, EngineName } from './dialects/index.js';
export { translateDbError } from './errors.js';
export { migrateDown, migrateUp, migrationStatus, type MigrationStatus } from './migrator.js';
export type { DB } from './schema.js';
