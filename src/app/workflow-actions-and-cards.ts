import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import { createDealRegistrationSources } from '../cards/load-deal-registration-card.js';
import { ConflictIndexStore } from '../registrations/conflict-index-store.js';
import { ProtectedDealStore } from '../registrations/protected-deal-store.js';
import { RegistrationCustomerStore } from '../registrations/registration-customer-store.js';
import { RegistrationDecisionService } from '../registrations/registration-decision-service.js';
import { TierChangeDecisionService } from '../governance/tier-change-decision-service.js';
import { TierHistoryReader } from '../governance/tier-history-reader.js';
import { RegistrationSubmissionService } from '../registrations/registration-submission-service.js';
import { createRegistrationsRouter } from '../registrations/registrations-router.js';
import type { Router } from 'express';
import type { Redis } from 'ioredis';
import { AnsweredCallbacks } from '../../workflows/answered-callbacks.js';
import { startBlockedActionWorker, type BlockedActionQueue, type RunningBlockedActionWorker } from '../../workflows/blocked-action-queue.js';
import { createWorkflowActionHandlers } from '../../workflows/index.js';
import type { WorkflowActionHandlers } from '../../workflows/workflow-action-handlers.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { createCardActions } from '../cards/card-actions.js';
import { IncentiveDecisionService } from '../incentives/incentive-decision-service.js';
import { IncentiveRequestStore } from '../incentives/incentive-request-store.js';
import { createCompanyReader, createContactReader } from '../hubspot/read-hubspot-record.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import type { RecalculationEnqueuer } from '../jobs/recalculation-queue.js';
import type { Logger } from '../logger.js';
import type { QueueRegistry } from './queue-registry.js';
import type { MailSender } from '../mail/mail-sender.js';
import type { DealFactsStore } from '../governance/deal-facts-store.js';
import type { Program } from '../program/program-schema.js';
import type { PartnerRecalculator } from '../recalculation/recalculate-partners.js';
import type { Training } from '../training/create-training.js';
import type { PartnerLinks } from '../partner-page/create-partner-links.js';
import type { TrainingAssignmentStore } from '../training/training-assignment-store.js';
import { createCardDataRouter } from '../http/routes/card-data-router.js';
import { createWorkflowActionsRouter } from '../http/routes/workflow-actions-router.js';
import { signatureSecrets } from '../hubspot/signature-secrets.js';
import type { SigningSecrets } from '../hubspot/webhook-signature.js';

/** The app's services these routes run on (src/app `Services` has them all). */
export interface WorkflowActionsAndCardsServices {
  config: { publicBaseUrl: string; hubspot: { clientSecret: string | undefined; previousClientSecret?: string | undefined; accountTimeZone?: string | undefined } };
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
  /** The deal-facts mirror the partner card reads health and business gaps from; none: not shown. */
  dealFacts?: { store: DealFactsStore; currency: string };
  recalculationQueue: Pick<RecalculationEnqueuer, 'enqueueCompanies'>;
  audit: AuditTrail;
  trainingAssignments: TrainingAssignmentStore;
  training: Pick<Training, 'assignTraining'>;
  /** Partner page links (the *Send partner page link* action). */
  partnerPage: { links: Pick<PartnerLinks, 'send'> };
  /** The queue BLOCKed executions are handed to, from the product's queue registry. */
  blockedActions: BlockedActionQueue;
  /** The conflict-check index and registration customers (the *Register partner deal* action). */
  db: Kysely<Database>;
  /** Where the partner's emails go (registration decisions). */
  mail: MailSender;
  /** The registration decision clock's queue, from the product's queue registry. */
  queues: Pick<QueueRegistry, 'registrationSla'> & Partial<Pick<QueueRegistry, 'incentiveDeadlines' | 'tierReviews'>>;
}

export interface WorkflowActionsAndCardsOptions {
  /** Key prefix shared with the rest of the app (the blocked-action worker's keys). Default `pe`. */
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
  /** `POST /hubspot/actions/<action>`, for `createApp({ extraRouters })`. */
  workflowActionsRouter(): Router;
  /** `POST /api/registrations` and `POST /api/registrations/:dealId/decision`, for `createApp({ extraRouters })`. */
  registrationsRouter(): Router;
  /** The one registration service the action, the API and the partner page share. */
  readonly registrations: RegistrationSubmissionService;
  /** `GET|POST /hubspot/cards/...`, for `createApp({ extraRouters })`. */
  cardDataRouter(): Router;
  /** The worker that completes BLOCKed executions a web process could not (worker role). */
  startWorker(): Promise<RunningBlockedActionWorker>;
}

/** Deal registrations over the app's database and HubSpot client, in the portal's time zone. */
function createRegistrationSubmissions(services: WorkflowActionsAndCardsServices, now: (() => number) | undefined): RegistrationSubmissionService {
  return new RegistrationSubmissionService({
    client: services.hubspot,
    store: new ConflictIndexStore(services.db),
    customers: new RegistrationCustomerStore(services.db),
    portalId: services.portalId,
    settings: services.program.registrations,
    timeZone: services.config.hubspot.accountTimeZone ?? services.program.defaultTimeZone,
    sla: services.queues.registrationSla,
    db: services.db,
    recalculation: services.recalculationQueue,
    ...(now ? { now: () => new Date(now()) } : {}),
  });
}

/** Decisions on deal registrations over the app's database, HubSpot client, audit trail and mail. */
function createRegistrationDecisions(services: WorkflowActionsAndCardsServices, now: (() => number) | undefined): RegistrationDecisionService {
  return new RegistrationDecisionService({
    client: services.hubspot,
    store: new ConflictIndexStore(services.db),
    audit: services.audit,
    mail: services.mail,
    logger: services.logger,
    portalId: services.portalId,
    settings: services.program.registrations,
    timeZone: services.config.hubspot.accountTimeZone ?? services.program.defaultTimeZone,
    protection: services.queues.registrationSla,
    marks: new ProtectedDealStore(services.db),
    recalculation: services.recalculationQueue,
    ...(now ? { now: () => new Date(now()) } : {}),
  });
}

/**
 * Wires the workflow actions and the card data over the app's services. In the composition root:
 * build it once per process next to the other services; mount its routers in the web app; run
 * `startWorker()` in the worker role. The blocked-action queue belongs to the queue registry.
 */
export function createWorkflowActionsAndCards(services: WorkflowActionsAndCardsServices, options: WorkflowActionsAndCardsOptions = {}): WorkflowActionsAndCards {
  const { portalId, program, logger } = services;
  const prefix = options.prefix ?? 'pe';
  const blocked = services.blockedActions;
  const answeredCallbacks = new AnsweredCallbacks(services.redis, { prefix });
  const registrations = createRegistrationSubmissions(services, options.now);
  const decisions = createRegistrationDecisions(services, options.now);
  const tierDecisions = new TierChangeDecisionService({
    client: services.hubspot,
    portalId,
    program,
    audit: services.audit,
    recalculation: services.recalculationQueue,
    ...(services.queues.tierReviews ? { reviews: services.queues.tierReviews } : {}),
    logger,
    ...(options.now ? { now: () => new Date(options.now!()) } : {}),
  });

  const incentives = new IncentiveDecisionService({
    store: new IncentiveRequestStore(services.db),
    repository: services.repository,
    program,
    audit: services.audit,
    mail: services.mail,
    logger,
    portalId,
    currency: services.dealFacts?.currency ?? 'USD',
    ...(services.queues.incentiveDeadlines ? { deadlines: services.queues.incentiveDeadlines } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
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
    partnerLinks: services.partnerPage.links,
    registrations,
    decisions,
    tierDecisions,
    incentives,
  });
  const completeCallback = (callbackId: string, outputFields: Record<string, string>) => services.repository.completeCallback(callbackId, outputFields);

  return {
    blocked,
    handlers,
    registrations,
    registrationsRouter() {
      return createRegistrationsRouter({
        submissions: registrations,
        decisions,
        clientSecret: secretOf(services),
        publicBaseUrl: services.config.publicBaseUrl,
        portalId,
        now: options.now,
      });
    },
    workflowActionsRouter() {
      return createWorkflowActionsRouter({
        clientSecret: secretOf(services),
        publicBaseUrl: services.config.publicBaseUrl,
        portalId,
        handlers,
        blocked,
        answeredCallbacks,
        completeCallback,
        logger,
        answerWithinMs: options.answerWithinMs,
        now: options.now,
      });
    },
    cardDataRouter() {
      const customers = new RegistrationCustomerStore(services.db);
      return createCardDataRouter({
        clientSecret: secretOf(services),
        publicBaseUrl: services.config.publicBaseUrl,
        sources: {
          portalId,
          program,
          repository: services.repository,
          readContact: createContactReader({ client: services.hubspot, portalId, program }),
          trainingAssignments: services.trainingAssignments,
          registrations: customers,
          tierHistory: new TierHistoryReader(services.db),
          dealFacts: services.dealFacts,
          incentives,
        },
        actions: createCardActions({ portalId, recalculator: services.recalculator, training: services.training, tierDecisions, incentives }),
        dealRegistrations: createDealRegistrationSources(services.hubspot, portalId, (dealId) => customers.conflictReasons(portalId, dealId), {
          settings: program.registrations,
          timeZone: services.config.hubspot.accountTimeZone ?? program.defaultTimeZone,
        }),
        registrationDecisions: decisions,
        logger,
        now: options.now,
      });
    },
    startWorker: () => startBlockedActionWorker({ connection: services.workerRedis, prefix, handlers, completeCallback, logger }),
  };
}

/** Without a secret the routes refuse every request (401) rather than keep the app from starting. */
function secretOf(services: WorkflowActionsAndCardsServices): SigningSecrets {
  return signatureSecrets({ previousClientSecret: undefined, ...services.config.hubspot });
}
