/** The trace graph: links derived at capture, backward and forward walks, holders, origins and counties. */
export * from './graph-data.js';
export * from './impact.service.js';
export * from './summary.js';
export * from './trace.errors.js';
export { traceHook } from './trace.hook.js';
export * from './trace.service.js';
export type { TraceTables } from './trace.tables.js';
export * from './trace-export.js';
export { eventVisibleTo } from './trace-scope.js';
export * from './trace-vocabulary.js';
export * from './walk.js';
