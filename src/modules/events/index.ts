/** The event store: the capture pipeline, the EPCIS query engine, named queries and reply shaping. */

export * from './capture.service.js';
export type * from './capture-hooks.js';
export { canonicalIdentifier, type EventRecord, type NamedIdentifier, recordOf } from './event-record.js';
export * from './events.errors.js';
export type { EventsTables } from './events.tables.js';
export * from './named-queries.service.js';
export * from './query.service.js';
export * from './reply.js';
