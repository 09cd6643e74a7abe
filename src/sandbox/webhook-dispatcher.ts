import type { ChangeSource, CrmChange } from './crm-store.js';
import { hubspotSignatureHeaders } from './hubspot-signature-headers.js';
import { OBJECT_SINGULAR, OBJECT_TYPE_IDS } from './property-catalog.js';
import { trimOldest } from './request-log.js';
import type { SandboxLogger } from './sandbox-logger.js';
import type { WebhookSubscription } from './webhook-subscriptions.js';

/** `object`: `object.propertyChange` + `objectTypeId`; `legacy`: `company.propertyChange`; `asSubscribed`: as each subscription says. */
export type WebhookEventFormat = 'object' | 'legacy' | 'asSubscribed';

/** How failed deliveries are retried (HubSpot: 10 attempts over 24 hours; the sandbox is faster). */
export interface WebhookRetryPolicy {
  /** Attempts in all, the first included. Default 10. */
  maxAttempts: number;
  /** Delay before the first retry; doubles each time. Default 50 ms. */
  initialDelayMs: number;
  /** Upper bound of the delay. Default 2000 ms. */
  maxDelayMs: number;
  /** A delivery not answered within this is a failure. Default 5000 ms (HubSpot's). */
  timeoutMs: number;
}

/** One webhook event, as HubSpot puts it in the body array. */
export type WebhookEvent = Record<string, unknown> & { eventId: number; subscriptionType: string; attemptNumber: number };

/** One POST the sandbox made. */
export interface DeliveredWebhook {
  url: string;
  events: WebhookEvent[];
  /** attemptNumber of the events in this POST (0 for the first). */
  attemptNumber: number;
  /** HTTP status, or `timeout` / `error` when no answer came. */
  status: number | 'timeout' | 'error';
  at: number;
}

export interface WebhookDispatcherOptions {
  appId: string;
  portalId: number;
  clientSecret: string;
  targetUrl: string | undefined;
  subscriptions: WebhookSubscription[];
  maxConcurrentRequests: number;
  format: WebhookEventFormat;
  retry?: Partial<WebhookRetryPolicy> | undefined;
  batchDelayMs: number;
  /** Keep at most this many entries in `events` and `delivered`. */
  historyLimit?: number | undefined;
  now: () => number;
  logger?: SandboxLogger | undefined;
}

/** HubSpot puts at most this many events in one request. */
export const WEBHOOK_BATCH_LIMIT = 100;

const DEFAULT_RETRY: WebhookRetryPolicy = { maxAttempts: 10, initialDelayMs: 50, maxDelayMs: 2_000, timeoutMs: 5_000 };

interface Delivery {
  events: WebhookEvent[];
  attemptNumber: number;
}

/** Turns CRM changes into signed, batched, retried webhook requests. */
export class WebhookDispatcher {
  readonly delivered: DeliveredWebhook[] = [];
  /** Every event generated, whether or not a target URL was set. */
  readonly events: WebhookEvent[] = [];
  readonly subscriptions: WebhookSubscription[];
  private readonly retry: WebhookRetryPolicy;
  private targetUrl: string | undefined;
  private pending: WebhookEvent[] = [];
  private ready: Delivery[] = [];
  private batchTimer: NodeJS.Timeout | undefined;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private active = 0;
  private paused = false;
  private stopped = false;
  private nextEventId = 100_000_001;
  private readonly controllers = new Set<AbortController>();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.subscriptions = options.subscriptions;
    this.targetUrl = options.targetUrl;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  setTargetUrl(url: string | undefined): void {
    this.targetUrl = url;
  }

  enqueue(change: CrmChange): void {
    if (this.stopped) return;
    for (const subscription of this.subscriptions) {
      if (!subscription.active || !matches(subscription, change)) continue;
      const event = this.buildEvent(subscription, change);
      this.events.push(event);
      trimOldest(this.events, this.options.historyLimit ?? Number.POSITIVE_INFINITY);
      if (this.targetUrl) this.pending.push(event);
    }
    if (this.pending.length >= WEBHOOK_BATCH_LIMIT) this.cutBatches();
    else if (this.pending.length > 0) this.scheduleBatch();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /**
   * Sends what is gathered now and resolves once nothing is pending, queued, waiting for a retry
   * or in flight. While paused it resolves when nothing is in flight (held events stay held).
   */
  async flush(): Promise<void> {
    this.cutBatches();
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.batchTimer);
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    for (const controller of this.controllers) controller.abort();
    this.pending = [];
    this.ready = [];
    this.notifyIfIdle();
  }

  private isIdle(): boolean {
    if (this.active > 0) return false;
    if (this.paused || this.stopped) return true;
    return this.pending.length === 0 && this.ready.length === 0 && this.retryTimers.size === 0;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private scheduleBatch(): void {
    if (this.batchTimer) return;
    this.batchTimer = setTimeout(() => {
      this.batchTimer = undefined;
      this.cutBatches();
    }, this.options.batchDelayMs);
  }

  private cutBatches(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    while (this.pending.length > 0) {
      this.ready.push({ events: this.pending.splice(0, WEBHOOK_BATCH_LIMIT), attemptNumber: 0 });
    }
    this.pump();
  }

  private pump(): void {
    while (!this.paused && !this.stopped && this.active < this.options.maxConcurrentRequests && this.ready.length > 0) {
      const delivery = this.ready.shift()!;
      this.active += 1;
      void this.send(delivery).finally(() => {
        this.active -= 1;
        this.pump();
        this.notifyIfIdle();
      });
    }
    this.notifyIfIdle();
  }

  private async send(delivery: Delivery): Promise<void> {
    const url = this.targetUrl;
    if (!url) return;
    const events = delivery.events.map((event) => ({ ...event, attemptNumber: delivery.attemptNumber }));
    const body = JSON.stringify(events);
    const timestamp = this.options.now();
    const signed = { secret: this.options.clientSecret, method: 'POST', url, body, timestamp };
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(new Error('timeout')), this.retry.timeoutMs);
    let status: DeliveredWebhook['status'];
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...hubspotSignatureHeaders('v3', signed),
          // HubSpot also sends the v1 signature on webhooks.
          ...hubspotSignatureHeaders('v1', signed),
        },
        body,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      status = response.status;
    } catch {
      status = controller.signal.aborted && !this.stopped ? 'timeout' : 'error';
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
    this.delivered.push({ url, events, attemptNumber: delivery.attemptNumber, status, at: timestamp });
    trimOldest(this.delivered, this.options.historyLimit ?? Number.POSITIVE_INFINITY);
    const ok = typeof status === 'number' && status >= 200 && status < 300;
    this.options.logger?.debug({ url, events: events.length, attemptNumber: delivery.attemptNumber, status }, 'sandbox webhook delivery');
    if (!ok && !this.stopped) this.scheduleRetry({ events: delivery.events, attemptNumber: delivery.attemptNumber + 1 });
  }

  private scheduleRetry(delivery: Delivery): void {
    if (delivery.attemptNumber >= this.retry.maxAttempts) {
      this.options.logger?.warn({ events: delivery.events.length, attempts: delivery.attemptNumber }, 'sandbox webhook given up');
      return;
    }
    const delay = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** (delivery.attemptNumber - 1));
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.ready.push(delivery);
      this.pump();
    }, delay);
    this.retryTimers.add(timer);
  }

  private buildEvent(subscription: WebhookSubscription, change: CrmChange): WebhookEvent {
    const objectType = change.kind === 'associationChange' ? change.fromType : change.objectType;
    const legacy = this.options.format === 'legacy' || (this.options.format === 'asSubscribed' && !subscription.subscriptionType.startsWith('object.'));
    const subscriptionType = legacy ? `${OBJECT_SINGULAR[objectType]}.${subscription.kind}` : `object.${subscription.kind}`;
    const appId = /^\d+$/.test(this.options.appId) ? Number(this.options.appId) : this.options.appId;
    const base = {
      eventId: this.nextEventId++,
      subscriptionId: subscription.id,
      portalId: this.options.portalId,
      appId,
      occurredAt: change.occurredAt,
      subscriptionType,
      attemptNumber: 0,
      ...(legacy ? {} : { objectTypeId: OBJECT_TYPE_IDS[objectType] }),
      ...sourceFields(change.source),
    };
    switch (change.kind) {
      case 'propertyChange':
        return { ...base, objectId: Number(change.objectId), propertyName: change.propertyName, propertyValue: change.value };
      case 'creation':
        return { ...base, objectId: Number(change.objectId), changeFlag: 'CREATED' };
      case 'deletion':
        return { ...base, objectId: Number(change.objectId), changeFlag: 'DELETED' };
      case 'associationChange':
        // Field names of HubSpot's associationChange events; the object.* extras name both types.
        return {
          ...base,
          associationType: `${OBJECT_SINGULAR[change.fromType]}_TO_${OBJECT_SINGULAR[change.toType]}`.toUpperCase(),
          fromObjectId: Number(change.fromId),
          toObjectId: Number(change.toId),
          associationRemoved: change.removed,
          isPrimaryAssociation: false,
          ...(legacy
            ? {}
            : {
                fromObjectTypeId: OBJECT_TYPE_IDS[change.fromType],
                toObjectTypeId: OBJECT_TYPE_IDS[change.toType],
                associationTypeId: change.typeId,
                associationCategory: change.category,
              }),
        };
    }
  }
}

function matches(subscription: WebhookSubscription, change: CrmChange): boolean {
  if (subscription.kind !== change.kind) return false;
  // HubSpot delivers an association change to the subscriptions of both objects, in both
  // directions: a company subscription sees CONTACT_TO_COMPANY as well as COMPANY_TO_CONTACT.
  if (change.kind === 'associationChange') return subscription.objectType === change.fromType || subscription.objectType === change.toType;
  if (subscription.objectType !== change.objectType) return false;
  return change.kind !== 'propertyChange' || subscription.propertyName === change.propertyName;
}

function sourceFields(source: ChangeSource): { changeSource: string; sourceId: string } {
  return source.kind === 'INTEGRATION'
    ? { changeSource: 'INTEGRATION', sourceId: source.appId }
    : { changeSource: 'CRM_UI', sourceId: `userId:${source.userId}` };
}
