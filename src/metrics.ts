import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One reading of a queue's depth: how many items wait in which state. */
export interface DepthReading {
  /** `recalculate-companies`, `resolve-contacts`, a BullMQ queue name, … */
  queue: string;
  /** `pending`, `in_flight`, `failed`, `waiting`, `active`, `delayed`, … */
  state: string;
  value: number;
}

/** Reads depths at scrape time (it may query Redis). */
export type DepthSource = () => Promise<DepthReading[]>;

/** Why a webhook event was dropped without enqueueing anything. */
export type IgnoredReason = 'own_write' | 'not_an_input' | 'unsupported_subscription' | 'unsupported_object';

/**
 * The product's Prometheus metrics, served at `/metrics`. One registry per process (not
 * prom-client's global one), so tests and a combined web + worker process never register twice.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Webhook requests answered, by HTTP status. */
  readonly webhookRequests: Counter<'status'>;
  /** Events in signed, well-formed webhook requests. */
  readonly webhookEventsReceived: Counter;
  /** Events dropped on purpose, by reason. */
  readonly webhookEventsIgnored: Counter<'reason'>;
  /** Record ids handed to the queue, by object (`company`, `contact`). */
  readonly webhookEventsEnqueued: Counter<'object'>;
  /** Companies recalculated, by outcome (`succeeded`, `rejected`: HubSpot refused the record, `abandoned`: the batch kept failing). */
  readonly recalculations: Counter<'outcome'>;
  /** Seconds one batch of up to 100 companies took, by outcome. */
  readonly recalculationBatchSeconds: Histogram<'outcome'>;
  /** HubSpot API calls, by HTTP status (`error` when no answer came). */
  readonly hubspotCalls: Counter<'status'>;
  /** Job attempts that threw, by job name. */
  readonly jobFailures: Counter<'job'>;
  /** Queue depths, read from every registered source at scrape time. */
  readonly queueDepth: Gauge<'queue' | 'state'>;
  /** Registers a depth source (the recalculation queue registers itself). */
  addDepthSource(source: DepthSource): void;
  /** Counts one HubSpot call; the HubSpot client calls it for every response. */
  recordHubSpotCall(status: number | '2xx' | 'error'): void;
}

export interface MetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event loop lag). Default true. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'pe_' });
  const sources: DepthSource[] = [];

  const hubspotCalls = new Counter({
    name: 'pe_hubspot_calls_total',
    help: 'HubSpot API calls, by HTTP status',
    labelNames: ['status'] as const,
    registers: [registry],
  });

  return {
    registry,
    webhookRequests: new Counter({
      name: 'pe_webhook_requests_total',
      help: 'HubSpot webhook requests answered, by HTTP status',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    webhookEventsReceived: new Counter({
      name: 'pe_webhook_events_received_total',
      help: 'Events in signed, well-formed HubSpot webhook requests',
      registers: [registry],
    }),
    webhookEventsIgnored: new Counter({
      name: 'pe_webhook_events_ignored_total',
      help: 'Webhook events dropped on purpose, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    webhookEventsEnqueued: new Counter({
      name: 'pe_webhook_events_enqueued_total',
      help: 'Record ids queued for recalculation, by object',
      labelNames: ['object'] as const,
      registers: [registry],
    }),
    recalculations: new Counter({
      name: 'pe_recalculations_total',
      help: 'Companies recalculated, by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    recalculationBatchSeconds: new Histogram({
      name: 'pe_recalculation_batch_seconds',
      help: 'Time to recalculate one batch of up to 100 companies',
      labelNames: ['outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    hubspotCalls,
    jobFailures: new Counter({
      name: 'pe_job_failures_total',
      help: 'Job attempts that threw, by job name',
      labelNames: ['job'] as const,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'pe_queue_depth',
      help: 'Items waiting in the queues, by queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const readings = await Promise.allSettled(sources.map((source) => source()));
        for (const reading of readings) {
          // A source that cannot be read (Redis away) leaves its series out rather than failing the scrape.
          if (reading.status !== 'fulfilled') continue;
          for (const { queue, state, value } of reading.value) this.set({ queue, state }, value);
        }
      },
    }),
    addDepthSource(source) {
      sources.push(source);
    },
    recordHubSpotCall(status) {
      hubspotCalls.inc({ status: String(status) });
    },
  };
}
