export { insertRows } from './bulk.js';
export { type Database, dialectFor, openDatabase } from './database.js';
export type { DialectCapabilities, EngineName } from './dialects/index.js';
export { engineOf } from './engine.js';
export { translateDbError } from './errors.js';
export { type MigrationStatus, migrateDown, migrateUp, migrationStatus } from './migrator.js';
export type { DB } from './schema.js';
