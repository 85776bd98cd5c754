/** Recalls, notifications to holders, recall progress, and complaints from the public. */
export * from './complaints.service.js';
export * from './notify.js';
export { recallHook } from './recall.hook.js';
export * from './recall.service.js';
export type { RecallTables } from './recall.tables.js';
export * from './recall-report.js';
