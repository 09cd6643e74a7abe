import type { Router } from 'express';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import type { Logger } from '../logger.js';
import type { MailSender } from '../mail/mail-sender.js';
import type { Program } from '../program/program-schema.js';
import { assignTraining, type AssignTrainingInput, type AssignTrainingResult } from './assign-training.js';
import { decideConsent, type ConsentDecision } from './decide-consent.js';
import type { ConsentPageView } from './render-consent-page.js';
import { TrainingAssignmentStore } from './training-assignment-store.js';
import type { TrainingDependencies } from './training-dependencies.js';
import { createTrainingRouter } from './training-router.js';
import type { SigningSecrets } from '../hubspot/webhook-signature.js';

/** What training assignments are built from (the app's services). */
export interface CreateTrainingOptions {
  /** The assignments and consent decisions (PostgreSQL); the cards read deadlines from the same store. */
  store: TrainingAssignmentStore;
  hubspot: HubSpotClient;
  repositoryFor(portalId: string): PartnerRepository;
  program: Program;
  mail: MailSender;
  audit: AuditTrail;
  logger: Logger;
  /** Signs consent links; see {@link resolveLinkSigningSecrets}. */
  signingSecret: string;
  /** Still verifies links signed before a rotation; see {@link resolveLinkSigningSecrets}. */
  previousSigningSecret?: string;
  /** `PUBLIC_BASE_URL`: consent links point here. */
  publicBaseUrl: string;
  /** How long a consent link works. Default 14 days. */
  consentLinkDays?: number;
  /** See `TrainingDependencies.partnerPageUrl`. */
  partnerPageUrl?: TrainingDependencies['partnerPageUrl'];
  now?: () => number;
}

/** Training with consent: offers, consent links, and the pages and API that go with them. */
export interface Training {
  readonly deps: TrainingDependencies;
  readonly store: TrainingAssignmentStore;
  /** Offers a track (workflow action, card button, API); see `assignTraining`. */
  assignTraining(input: AssignTrainingInput): Promise<AssignTrainingResult>;
  /** Applies an answer given through a consent link (what the page's form does). */
  decideConsent(token: string, decision: ConsentDecision): Promise<ConsentPageView>;
  /** The consent pages and `POST /api/training-assignments`, for `createApp({ extraRouters })`. */
  router(options: { clientSecret: SigningSecrets; portalId: string }): Router;
}

/**
 * The secret consent links are signed with (`LINK_SIGNING_SECRET`, else the client secret) and the
 * one links signed before a rotation are still verified with (`LINK_SIGNING_SECRET_PREVIOUS`; when
 * links follow the client secret, `HUBSPOT_CLIENT_SECRET_PREVIOUS`).
 */
export function resolveLinkSigningSecrets(
  config: Pick<Config, 'linkSigningSecret' | 'previousLinkSigningSecret'> & { hubspot: Pick<Config['hubspot'], 'clientSecret' | 'previousClientSecret'> },
): { signingSecret: string; previousSigningSecret?: string } {
  const signingSecret = config.linkSigningSecret ?? config.hubspot.clientSecret;
  if (!signingSecret) {
    throw new AppError('INVALID_CONFIG', 'Consent links cannot be signed: set LINK_SIGNING_SECRET (or HUBSPOT_CLIENT_SECRET).');
  }
  const previousSigningSecret = config.previousLinkSigningSecret ?? (config.linkSigningSecret ? undefined : config.hubspot.previousClientSecret);
  return previousSigningSecret ? { signingSecret, previousSigningSecret } : { signingSecret };
}

export function createTraining(options: CreateTrainingOptions): Training {
  const { store } = options;
  const deps: TrainingDependencies = {
    hubspot: options.hubspot,
    repositoryFor: options.repositoryFor,
    program: options.program,
    store,
    mail: options.mail,
    audit: options.audit,
    logger: options.logger,
    signingSecret: options.signingSecret,
    ...(options.previousSigningSecret ? { previousSigningSecret: options.previousSigningSecret } : {}),
    publicBaseUrl: options.publicBaseUrl.replace(/\/+$/, ''),
    consentLinkDays: options.consentLinkDays,
    ...(options.partnerPageUrl ? { partnerPageUrl: options.partnerPageUrl } : {}),
    now: options.now,
  };
  return {
    deps,
    store,
    assignTraining: (input) => assignTraining(deps, input),
    decideConsent: (token, decision) => decideConsent(deps, token, decision),
    router: (routerOptions) => createTrainingRouter({ ...deps, ...routerOptions }),
  };
}
