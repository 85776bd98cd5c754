/** Code issuance (issue 3): allocating ranges of platform codes and GS1 serials, the log, and exports. */

export * from './code-symbols.js';
export * from './issuance.errors.js';
export * from './issuance.service.js';
export type { CodeIssuanceTables } from './issuance.tables.js';
export * from './issued-codes.js';
export * from './labels.service.js';
