import crypto, { randomUUID } from 'node:crypto';
import type { AuditActor, AuditTrail } from '../audit/audit-trail.js';
import { todayIn } from '../domain/calendar-date.js';
import { AppError, isAppError } from '../errors.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import { readContactAndPartner, type ContactAndPartner } from '../lifecycle/read-contact-and-partner.js';
import type { Logger } from '../logger.js';
import type { MailSender } from '../mail/mail-sender.js';
import { maskEmailAddress } from '../mail/mask-email-address.js';
import { renderPartnerPageLinkEmail } from '../mail/render-partner-page-link-email.js';
import type { Program } from '../program/program-schema.js';
import { createPartnerLinkToken, verifyPartnerLinkToken, type PartnerLinkTokenProblem } from './partner-link-token.js';
import type { PartnerLink, PartnerLinkStore } from './partner-link-store.js';

/** What partner links are made with. */
export interface PartnerLinksDependencies {
  hubspot: HubSpotClient;
  repositoryFor(portalId: string): PartnerRepository;
  program: Program;
  store: PartnerLinkStore;
  mail: MailSender;
  audit: AuditTrail;
  logger: Logger;
  /** The portal this installation serves. */
  portalId: string;
  /** Signs links and form tokens: `LINK_SIGNING_SECRET`, else the app's client secret. */
  signingSecret: string;
  /** `LINK_SIGNING_SECRET_PREVIOUS`: links and forms it signed still work until they expire. */
  previousSigningSecret?: string;
  /** `PUBLIC_BASE_URL`: links point here. */
  publicBaseUrl: string;
  /** How long a link works (`PARTNER_LINK_DAYS`). Default 90 days. */
  linkDays?: number;
  /** Epoch ms now. Default `Date.now`; tests freeze it. */
  now?: () => number;
}

/** An issued link with its URL (the only time the token exists outside the recipient's hands). */
export interface IssuedPartnerLink {
  link: PartnerLink;
  url: string;
}

/** Why a link opens nothing; each gets its own page. */
export type PartnerLinkProblem = PartnerLinkTokenProblem | 'unknown' | 'revoked' | 'expired';

/** Personal partner page links: issue, email, open, revoke, and the form token bound to a link. */
export interface PartnerLinks {
  readonly deps: PartnerLinksDependencies;
  /** Issues a link for a partner contact (INVALID_INPUT when the contact has no partner company). */
  issue(contactId: string, actor: AuditActor): Promise<IssuedPartnerLink>;
  /** Issues a link and emails it to the contact; answers where it went, masked. */
  send(contactId: string, actor: AuditActor): Promise<{ linkId: string; sentTo: string; expiresAt: number }>;
  /** The partner page URL of a fresh link, or null when the contact has no partner company. */
  pageUrlFor(contactId: string, actor: AuditActor): Promise<string | null>;
  /**
   * Emails a new link when `email` belongs to a partner contact, and does nothing otherwise; the
   * caller answers the same either way.
   */
  requestByEmail(email: string): Promise<void>;
  /** The link a token opens, or why it opens nothing. */
  open(token: string): Promise<{ link: PartnerLink } | { problem: PartnerLinkProblem }>;
  /** Revokes one link (by id) or all of a contact's links; answers how many were revoked now. */
  revoke(target: { linkId: string } | { contactId: string }, actor: AuditActor): Promise<number>;
  /** The anti-CSRF token the page's forms carry: bound to the link, useless with any other. */
  formToken(link: PartnerLink): string;
  isFormTokenValid(link: PartnerLink, value: unknown): boolean;
}

const DEFAULT_LINK_DAYS = 90;
const DAY_MS = 86_400_000;

/** Path of the partner page of a token. */
export function partnerPagePath(token: string): string {
  return `/p/${token}`;
}

export function createPartnerLinks(deps: PartnerLinksDependencies): PartnerLinks {
  const now = () => (deps.now ?? Date.now)();
  const secrets = [deps.signingSecret, ...(deps.previousSigningSecret ? [deps.previousSigningSecret] : [])];
  const baseUrl = deps.publicBaseUrl.replace(/\/+$/, '');
  const formTokenWith = (link: PartnerLink, secret: string) => crypto.createHmac('sha256', secret).update(`form.${link.id}`, 'utf8').digest('base64url');

  async function partnerContact(contactId: string): Promise<ContactAndPartner & { company: NonNullable<ContactAndPartner['company']> }> {
    const found = await readContactAndPartner(deps, deps.portalId, contactId);
    if (!found.company || (found.company.properties.pe_is_partner ?? '').toLowerCase() !== 'true') {
      throw new AppError('INVALID_INPUT', `Contact ${contactId} is not associated with a partner company, so it has no partner page.`);
    }
    return found as ContactAndPartner & { company: NonNullable<ContactAndPartner['company']> };
  }

  async function issueFor(found: Awaited<ReturnType<typeof partnerContact>>, actor: AuditActor): Promise<IssuedPartnerLink & { found: typeof found }> {
    const at = now();
    const { token, tokenHash } = createPartnerLinkToken(deps.signingSecret);
    const link: PartnerLink = {
      id: randomUUID(),
      portalId: deps.portalId,
      contactId: found.record.id,
      companyId: found.company.id,
      issuedAt: at,
      issuedBy: actor,
      expiresAt: at + (deps.linkDays ?? DEFAULT_LINK_DAYS) * DAY_MS,
      revokedAt: null,
    };
    await deps.store.insert(link, tokenHash);
    await deps.audit.record({
      portalId: link.portalId,
      companyId: link.companyId,
      contactId: link.contactId,
      actor,
      action: 'partner-link.issued',
      after: { linkId: link.id, expiresAt: link.expiresAt },
      at,
    });
    deps.logger.info({ portalId: link.portalId, companyId: link.companyId, contactId: link.contactId, linkId: link.id }, 'partner link issued');
    return { link, url: `${baseUrl}${partnerPagePath(token)}`, found };
  }

  async function sendTo(found: Awaited<ReturnType<typeof partnerContact>>, actor: AuditActor) {
    const email = found.contact.email;
    if (!email) throw new AppError('INVALID_INPUT', `Contact ${found.record.id} has no email address to send the partner page link to.`);
    const { link, url } = await issueFor(found, actor);
    try {
      await deps.mail.send(
        renderPartnerPageLinkEmail({
          to: email,
          contactId: link.contactId,
          firstName: found.contact.firstName,
          lastName: found.contact.lastName,
          companyName: found.companyName,
          pageUrl: url,
          linkExpiresOn: todayIn(found.timeZone, link.expiresAt),
          reference: link.id,
        }),
      );
    } catch (error) {
      // A link nobody received must not stay usable.
      await deps.store.revoke(link.id, now());
      throw error;
    }
    return { linkId: link.id, sentTo: maskEmailAddress(email), expiresAt: link.expiresAt };
  }

  return {
    deps,
    async issue(contactId, actor) {
      const { link, url } = await issueFor(await partnerContact(contactId), actor);
      return { link, url };
    },
    async send(contactId, actor) {
      return sendTo(await partnerContact(contactId), actor);
    },
    async pageUrlFor(contactId, actor) {
      try {
        return (await issueFor(await partnerContact(contactId), actor)).url;
      } catch (error) {
        if (isAppError(error, 'INVALID_INPUT')) return null;
        throw error;
      }
    },
    async requestByEmail(email) {
      const address = email.trim();
      const log = deps.logger.child({ route: 'partner-page', to: maskEmailAddress(address) });
      const answer = await deps.hubspot.call({ portalId: deps.portalId, operation: 'contacts.search', bucket: 'search' }, (sdk) =>
        sdk.crm.contacts.searchApi.doSearch({
          filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: address }] }],
          properties: ['email'],
          limit: 5,
        } as unknown as Parameters<typeof sdk.crm.contacts.searchApi.doSearch>[0]),
      );
      const exact = answer.results.filter((record) => (record.properties.email ?? '').toLowerCase() === address.toLowerCase());
      for (const record of exact) {
        let found;
        try {
          found = await partnerContact(String(record.id));
        } catch (error) {
          if (isAppError(error, 'INVALID_INPUT') || isAppError(error, 'NOT_FOUND')) continue;
          throw error;
        }
        const sent = await sendTo(found, { type: 'contact', id: found.record.id });
        await deps.audit.record({ portalId: deps.portalId, companyId: found.company.id, contactId: found.record.id, actor: { type: 'contact', id: found.record.id }, action: 'partner-link.requested', after: { linkId: sent.linkId } });
        log.info({ contactId: found.record.id }, 'partner link re-issued on request');
        return;
      }
      log.info('partner link requested for an address that is no partner contact; nothing sent');
    },
    async open(token) {
      let tokenHash: string;
      try {
        tokenHash = verifyPartnerLinkToken(token, secrets);
      } catch (error) {
        if (!isAppError(error, 'LINK_INVALID')) throw error;
        return { problem: (error.details as { problem: PartnerLinkTokenProblem }).problem };
      }
      const link = await deps.store.findByTokenHash(tokenHash);
      if (!link || link.portalId !== deps.portalId) return { problem: 'unknown' };
      if (link.revokedAt !== null) return { problem: 'revoked' };
      if (now() > link.expiresAt) return { problem: 'expired' };
      return { link };
    },
    async revoke(target, actor) {
      const at = now();
      const revoked =
        'linkId' in target ? await deps.store.revoke(target.linkId, at) : await deps.store.revokeForContact(deps.portalId, target.contactId, at);
      await deps.audit.recordMany(
        revoked.map((link) => ({ portalId: link.portalId, companyId: link.companyId, contactId: link.contactId, actor, action: 'partner-link.revoked', after: { linkId: link.id }, at })),
      );
      return revoked.length;
    },
    formToken: (link) => formTokenWith(link, deps.signingSecret),
    isFormTokenValid(link, value) {
      if (typeof value !== 'string' || value === '') return false;
      return secrets.some((secret) => {
        const expected = Buffer.from(formTokenWith(link, secret), 'utf8');
        const received = Buffer.from(value, 'utf8');
        return expected.length === received.length && crypto.timingSafeEqual(expected, received);
      });
    },
  };
}
