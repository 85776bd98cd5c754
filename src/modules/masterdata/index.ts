/** Master data: divisions, products (and later locations, batches, licences, equipment, documents). */
export * from './divisions.service.js';
export type { MasterdataTables } from './masterdata.tables.js';
export * from './products.service.js';
