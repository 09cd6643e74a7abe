import type { AuditActor, AuditTrail } from '../audit/audit-trail.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import type { Logger } from '../logger.js';
import type { MailSender } from '../mail/mail-sender.js';
import type { Program } from '../program/program-schema.js';
import type { TrainingAssignmentStore } from './training-assignment-store.js';

/** What training assignments and consent work with. */
export interface TrainingDependencies {
  hubspot: HubSpotClient;
  repositoryFor(portalId: string): PartnerRepository;
  program: Program;
  store: TrainingAssignmentStore;
  mail: MailSender;
  audit: AuditTrail;
  logger: Logger;
  /** Signs consent links: `LINK_SIGNING_SECRET`, else the app's client secret. */
  signingSecret: string;
  /**
   * The link secret before a rotation (`LINK_SIGNING_SECRET_PREVIOUS`): links it signed still
   * open until they expire; new links are signed with `signingSecret` only.
   */
  previousSigningSecret?: string;
  /** `PUBLIC_BASE_URL`: consent links point here. */
  publicBaseUrl: string;
  /** How long a consent link works. Default 14 days. */
  consentLinkDays?: number;
  /**
   * A fresh partner page URL for the contact (docs/partner-page.md), or null when they have no
   * partner page: when set, consent emails link there instead of the single-use consent page.
   */
  partnerPageUrl?: (contactId: string, actor: AuditActor) => Promise<string | null>;
  /** Epoch ms now. Default `Date.now`; tests freeze it. */
  now?: () => number;
}

/** Path of the consent page of a token. */
export function consentPath(token: string): string {
  return `/training/consent/${token}`;
}
