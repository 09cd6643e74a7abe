/** The sandbox HubSpot: start it, and the types tests and sandbox mode use. */
export { startSandbox, SANDBOX_DEFAULTS, SANDBOX_RATE_LIMIT } from './start-sandbox.js';
export type { Sandbox, SandboxOptions, SandboxRecord, SandboxUi, SandboxFaults, SandboxWebhooks, SandboxStoreAccess, SandboxLogger } from './start-sandbox.js';
export type { WebhookEvent, DeliveredWebhook, WebhookRetryPolicy, WebhookEventFormat } from './webhook-dispatcher.js';
export type { SubscriptionSpec, WebhookSubscription } from './webhook-subscriptions.js';
export type { RequestLogEntry, RequestFilter } from './request-log.js';
export type { SeedSummary } from './seed-sandbox.js';
export type { RateLimit } from './rolling-rate-limiter.js';
