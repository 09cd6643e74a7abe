import { Router } from 'express';
import type { Redis } from 'ioredis';
import { AnsweredCallbacks } from '../../../workflows/answered-callbacks.js';
import { BlockedActionQueue, startBlockedActionWorker, type RunningBlockedActionWorker } from '../../../workflows/blocked-action-queue.js';
import { createWorkflowActionHandlers } from '../../../workflows/index.js';
import type { WorkflowActionHandlers } from '../../../workflows/workflow-action-handlers.js';
import type { AuditTrail } from '../../audit/audit-trail.js';
import { createCardActions } from '../../cards/card-actions.js';
import { createCompanyReader, createContactReader } from '../../hubspot/read-hubspot-record.js';
import type { HubSpotClient } from '../../hubspot/hubspot-client.js';
import type { PartnerRepository } from '../../hubspot/partner-repository.js';
import type { RecalculationEnqueuer } from '../../jobs/recalculation-queue.js';
import type { Logger } from '../../logger.js';
import type { Program } from '../../program/program-schema.js';
import type { PartnerRecalculator } from '../../recalculation/recalculate-partners.js';
import type { Training } from '../../training/create-training.js';
import type { TrainingAssignmentStore } from '../../training/training-assignment-store.js';
import { createCardDataRouter } from './card-data-router.js';
import { createWorkflowActionsRouter } from './workflow-actions-router.js';
import { signatureSecrets } from '../../hubspot/signature-secrets.js';

/** The app's services these routes run on (src/app `Services` has them all). */
export interface WorkflowActionsAndCardsServices {
  config: { publicBaseUrl: string; hubspot: { clientSecret: string | undefined; previousClientSecret?: string | undefined } };
  portalId: string;
  program: Program;
  logger: Logger;
  /** Fails fast while Redis is away: the route answers 503 and HubSpot sends the execution again. */
  redis: Redis;
  /** Waits Redis out: the blocked-action worker's connection. */
  workerRedis: Redis;
  hubspot: HubSpotClient;
  repository: PartnerRepository;
  repositoryFor(portalId: string): PartnerRepository;
  recalculator: PartnerRecalculator;
  recalculationQueue: Pick<RecalculationEnqueuer, 'enqueueCompanies'>;
  audit: AuditTrail;
  trainingAssignments: TrainingAssignmentStore;
  training: Pick<Training, 'assignTraining'>;
}

export interface WorkflowActionsAndCardsOptions {
  /** Key prefix shared with the rest of the app. Default `pe`. */
  prefix?: string;
  /** See `WorkflowActionsRouterDependencies.answerWithinMs`. Default 2,500 ms. */
  answerWithinMs?: number;
  /** Clock (epoch ms) for signatures and "today"; tests freeze it. Default `Date.now`. */
  now?: () => number;
}

/** The custom workflow actions and the card data, ready to mount and run. */
export interface WorkflowActionsAndCards {
  /** The queue BLOCKed executions are handed to. */
  readonly blocked: BlockedActionQueue;
  readonly handlers: WorkflowActionHandlers;
  /** `POST /hubspot/actions/<action>` and `GET|POST /hubspot/cards/...`, one router for `createApp({ extraRouters })`. */
  router(): Router;
  /** The worker that completes BLOCKed executions a web process could not (worker role). */
  startWorker(): Promise<RunningBlockedActionWorker>;
  /** Closes the queue (not the connections). */
  close(): Promise<void>;
}

/**
 * Wires the workflow actions and the card data over the app's services. In the composition root:
 * build it once per process next to the other services; mount `router()` in the web app; run
 * `startWorker()` in the worker role; `close()` on shutdown, before Redis is closed.
 */
export function createWorkflowActionsAndCards(services: WorkflowActionsAndCardsServices, options: WorkflowActionsAndCardsOptions = {}): WorkflowActionsAndCards {
  const { portalId, program, logger } = services;
  const prefix = options.prefix ?? 'pe';
  const blocked = new BlockedActionQueue(services.redis, { prefix });
  const answeredCallbacks = new AnsweredCallbacks(services.redis, { prefix });
  const handlers = createWorkflowActionHandlers({
    program,
    repository: services.repository,
    recalculator: services.recalculator,
    readCompany: createCompanyReader({ client: services.hubspot, portalId }),
    certifications: {
      hubspot: services.hubspot,
      repositoryFor: services.repositoryFor,
      program,
      recalculation: services.recalculationQueue,
      audit: services.audit,
      logger,
    },
    training: services.training,
  });
  const completeCallback = (callbackId: string, outputFields: Record<string, string>) => services.repository.completeCallback(callbackId, outputFields);

  return {
    blocked,
    handlers,
    router() {
      // Without a secret the routes refuse every request (401) rather than keep the app from starting.
      const secret = signatureSecrets({ previousClientSecret: undefined, ...services.config.hubspot });
      const router = Router();
      router.use(
        createWorkflowActionsRouter({
          clientSecret: secret,
          publicBaseUrl: services.config.publicBaseUrl,
          portalId,
          handlers,
          blocked,
          answeredCallbacks,
          completeCallback,
          logger,
          answerWithinMs: options.answerWithinMs,
          now: options.now,
        }),
      );
      router.use(
        createCardDataRouter({
          clientSecret: secret,
          publicBaseUrl: services.config.publicBaseUrl,
          sources: {
            portalId,
            program,
            repository: services.repository,
            readContact: createContactReader({ client: services.hubspot, portalId, program }),
            trainingAssignments: services.trainingAssignments,
          },
          actions: createCardActions({ portalId, recalculator: services.recalculator, training: services.training }),
          logger,
          now: options.now,
        }),
      );
      return router;
    },
    startWorker: () => startBlockedActionWorker({ connection: services.workerRedis, prefix, handlers, completeCallback, logger }),
    close: () => blocked.close(),
  };
}
