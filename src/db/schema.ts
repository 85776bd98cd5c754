/**
 * The whole database type: the union of every module's table slice. Modules own their `.tables.ts`; this file
 * only assembles them (type-only imports, no runtime dependency on modules).
 */
import type { AccessTables } from '../modules/access/access.tables.js';
import type { MasterdataTables } from '../modules/masterdata/masterdata.tables.js';

/** Every table Zhuisu stores. */
export interface DB extends AccessTables, MasterdataTables {}
