/** EPCIS query subscriptions: webhook and WebSocket delivery of named-query results, with an outbox per capture. */
export {
  backoff,
  type SubscriptionWorker,
  startSubscriptionWorker,
  type WorkerOptions,
} from './delivery.worker.js';
export { hubOf, LocalHub, type SocketSink } from './local-hub.js';
export { outboxHook } from './outbox.hook.js';
export { nextRunAfter, type ParsedSchedule, parseSchedule } from './schedule.js';
export {
  allowListOf,
  assertWebhookUrl,
  nonPublicReason,
  type Resolver,
  type WebhookAllowList,
} from './ssrf-guard.js';
export { readSocketRequest, readWebhookRequest, type SubscriptionRequest } from './subscription-request.js';
export * from './subscriptions.errors.js';
export * from './subscriptions.service.js';
export type { SubscriptionsTables } from './subscriptions.tables.js';
export { postWebhook, signBody, type WebhookOutcome } from './webhook-client.js';
