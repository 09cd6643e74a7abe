import { Router, type Response } from 'express';
import type { RecalculationBatchEnqueuer, RecalculationRequest } from '../jobs/recalculation-queue.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { sendError } from './http-errors.js';
import { parseWebhookEvents } from './parse-webhook-events.js';
import { planRecalculations, type EventFilter, type RecalculationPlan } from './plan-recalculations.js';
import { addToRequestLog } from './request-logger.js';
import { parseSignedJson, requireHubSpotSignature } from './require-hubspot-signature.js';
import type { SigningSecrets } from '../hubspot/webhook-signature.js';
import type { IndexEvent } from '../registrations/index-event.js';
import { readIndexEvents } from '../registrations/read-index-events.js';

/** The part of the conflict-check index queue the route uses. */
type ConflictIndexEnqueuer = { enqueueEvents(portalId: string, events: readonly IndexEvent[]): Promise<void> };

export interface WebhookRouteOptions {
  /** Where the route is mounted: `/hubspot/webhooks` (docs/interfaces.md, "Routes"). */
  path: string;
  /** The client secret signatures are checked with (the previous one too during a rotation). */
  secret: SigningSecrets | undefined;
  publicBaseUrl: string;
  filter: EventFilter;
  recalculation: RecalculationBatchEnqueuer;
  /** Where the company and deal events the conflict-check index follows go (ids only). */
  conflictIndex?: ConflictIndexEnqueuer;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
}

/**
 * `POST /hubspot/webhooks`: verify the v3 signature on the raw body (401), parse the event array
 * (400), drop what the app ignores, queue the rest and answer 200 — in milliseconds, because the
 * work happens in the worker. Nothing is queued unless the request is signed and well formed.
 * When Redis cannot take the ids the answer is 503, and HubSpot delivers the batch again.
 */
export function createWebhookRouter(options: WebhookRouteOptions): Router {
  const router = Router();
  const { logger, metrics } = options;
  router.post(
    options.path,
    (_req, res, next) => {
      res.on('finish', () => metrics.webhookRequests.inc({ status: String(res.statusCode) }));
      next();
    },
    ...requireHubSpotSignature({ secret: options.secret, publicBaseUrl: options.publicBaseUrl, accept: 'v3', now: options.now }),
    parseSignedJson,
    async (req, res) => {
      const events = parseWebhookEvents(req.body);
      const plan = planRecalculations(events, options.filter);
      metrics.webhookEventsReceived.inc(events.length);
      for (const [reason, count] of Object.entries(plan.ignored)) {
        if (count > 0) metrics.webhookEventsIgnored.inc({ reason }, count);
      }
      try {
        await options.recalculation.enqueueAll(requestsOf(plan));
        // Company and deal events also keep the conflict-check index; deals never reach the
        // recalculation (the plan leaves them out). Acknowledged only once queued.
        const conflictIndex = options.conflictIndex;
        if (conflictIndex) {
          await Promise.all([...indexEventsByPortal(req.body as unknown[])].map(([portalId, indexEvents]) => conflictIndex.enqueueEvents(portalId, indexEvents)));
        }
      } catch (error) {
        logger.error({ err: { message: (error as Error).message }, events: events.length }, 'could not queue webhook events');
        return sendError(
          res,
          503,
          'SERVICE_UNAVAILABLE',
          'The events could not be queued (Redis is unreachable). Nothing was lost: HubSpot delivers them again.',
        );
      }
      if (plan.accepted.company > 0) metrics.webhookEventsEnqueued.inc({ object: 'company' }, plan.accepted.company);
      if (plan.accepted.contact > 0) metrics.webhookEventsEnqueued.inc({ object: 'contact' }, plan.accepted.contact);
      const queued = { companies: countIds(plan.companies), contacts: countIds(plan.contacts) };
      const ignored = Object.values(plan.ignored).reduce((sum, n) => sum + n, 0);
      addToRequestLog(res, { events: events.length, ...queued, ignored, portals: [...portalsOf(plan)] });
      answerJson(res, 200, { received: events.length, queued, ignored });
    },
  );
  return router;
}

/** The index events of a (well-formed) body, per portal. */
function indexEventsByPortal(rawEvents: readonly unknown[]): Map<string, IndexEvent[]> {
  const byPortal = new Map<string, unknown[]>();
  for (const raw of rawEvents) {
    const portalId = String((raw as { portalId: unknown }).portalId);
    let list = byPortal.get(portalId);
    if (!list) byPortal.set(portalId, (list = []));
    list.push(raw);
  }
  const events = new Map<string, IndexEvent[]>();
  for (const [portalId, raws] of byPortal) {
    const read = readIndexEvents(raws);
    if (read.length > 0) events.set(portalId, read);
  }
  return events;
}

/** The plan's ids per portal: one `enqueueAll`, so one Redis round trip for the whole request. */
function requestsOf(plan: RecalculationPlan): RecalculationRequest[] {
  const requests: RecalculationRequest[] = [];
  for (const portalId of portalsOf(plan)) {
    requests.push({ portalId, companyIds: plan.companies.get(portalId), contactIds: plan.contacts.get(portalId) });
  }
  return requests;
}

/**
 * `res.status(status).json(body)` without what Express adds to every answer: an ETag (a SHA-1 of
 * the body) and a re-parsed content type. HubSpot reads neither, and on this route they cost
 * more than the JSON; header and body also leave in one write.
 */
function answerJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function countIds(byPortal: Map<string, Set<string>>): number {
  let count = 0;
  for (const ids of byPortal.values()) count += ids.size;
  return count;
}

function portalsOf(plan: RecalculationPlan): Set<string> {
  return new Set([...plan.companies.keys(), ...plan.contacts.keys()]);
}
