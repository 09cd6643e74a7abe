import { DateTime } from 'luxon';
import { todayIn } from '../domain/calendar-date.js';
import { chooseDealProtection, type DealProtection } from '../domain/registrations/choose-deal-protection.js';
import { createNotes, createTasks } from '../hubspot/create-activities-in-batches.js';
import type { DealWithCompanies } from '../hubspot/customer-index-reader.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import { BATCH_LIMITS } from '../hubspot/batch-limits.js';
import type { Logger } from '../logger.js';
import type { ClaimedMark, ProtectedDealStore } from './protected-deal-store.js';

export interface DirectDealGuardOptions {
  client: HubSpotClient;
  marks: ProtectedDealStore;
  portalId: string;
  /** The portal's time zone: "today" (is the protection still running?) follows it. */
  timeZone: string;
  now?: () => Date;
  logger?: Logger;
}

/** What one guard pass did. */
export interface GuardResult {
  /** Deals newly marked, with a note and a task for their owner. */
  marked: string[];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

const keyOf = (mark: { dealId: string; registrationId: string }) => `${mark.dealId}:${mark.registrationId}`;

/**
 * The direct-deal guard (docs/registrations.md, "Direct deals"): a deal created outside the
 * registrations, or newly associated with a company, whose customer is under an approved, still
 * protected registration gets `pe_protected_by_partner_id`, a note naming the partner, and a task
 * for its owner. It runs on the deals the conflict-check index has just read for those events, so
 * it reads the protection from PostgreSQL and the deal from that read (no search, no extra read of
 * the deal). Each (deal, registration) is told once: a row in `protected_deals` is claimed before
 * the writes and finished after them, so a redelivered event finds it done.
 *
 * HubSpot calls per pass with something to tell: one batch read of the partners' names, one batch
 * update of the deals, one batch create of notes and one of tasks (per 100).
 */
export class DirectDealGuard {
  private readonly now: () => Date;

  constructor(private readonly options: DirectDealGuardOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async guard(deals: readonly DealWithCompanies[]): Promise<GuardResult> {
    const { marks, portalId, timeZone } = this.options;
    if (deals.length === 0) return { marked: [] };
    const at = this.now();
    const domains = await marks.domainsOfCompanies(portalId, [...new Set(deals.flatMap((deal) => deal.companyIds))]);
    if (domains.size === 0) return { marked: [] };
    const registrations = await marks.approvedOnDomains(portalId, [...new Set(domains.values())]);
    if (registrations.length === 0) return { marked: [] };
    const today = todayIn(timeZone, at);
    const protections = new Map<string, DealProtection>();
    for (const deal of deals) {
      const { properties } = deal;
      const protection = chooseDealProtection({
        isRegistration: Boolean(properties.pe_registration_status?.trim()),
        isClosed: properties.hs_is_closed === 'true' || properties.hs_is_closed_won === 'true',
        partnerId: properties.pe_partner_company_id?.trim() || null,
        companyIds: deal.companyIds,
      }, domains, registrations, today);
      if (protection) protections.set(deal.id, protection);
    }
    if (protections.size === 0) return { marked: [] };
    const claimed = await marks.claimGuardMarks(portalId, [...protections].map(([dealId, { registration }]) => ({
      dealId, registrationId: registration.registrationId, partnerId: registration.partnerId,
    })), at);
    if (claimed.length === 0) return { marked: [] };
    try {
      await this.tell(claimed, new Map(deals.map((deal) => [deal.id, deal])), protections, at);
    } catch (error) {
      await marks.releaseClaims(portalId, claimed);
      throw error;
    }
    return { marked: claimed.map((mark) => mark.dealId) };
  }

  private async tell(claimed: ClaimedMark[], deals: Map<string, DealWithCompanies>, protections: Map<string, DealProtection>, at: Date): Promise<void> {
    const { client, marks, portalId } = this.options;
    const toMark = claimed.filter((mark) => deals.get(mark.dealId)?.properties.pe_protected_by_partner_id !== mark.partnerId);
    for (const inputs of chunk(toMark, BATCH_LIMITS.objects)) {
      await client.call({ portalId, operation: 'deals.batch.update' }, (sdk) =>
        sdk.crm.deals.batchApi.update({ inputs: inputs.map((mark) => ({ id: mark.dealId, properties: { pe_protected_by_partner_id: mark.partnerId } })) }),
      );
    }
    const names = await this.partnerNames([...new Set(claimed.map((mark) => mark.partnerId))]);
    const describe = (mark: ClaimedMark) => {
      const deal = deals.get(mark.dealId)!;
      const protection = protections.get(mark.dealId)!;
      const partner = names.get(mark.partnerId) ?? `partner company ${mark.partnerId}`;
      const dealName = deal.properties.dealname?.trim() || `Deal ${mark.dealId}`;
      const until = protection.registration.expiresOn ? ` through ${protection.registration.expiresOn}` : '';
      return {
        companyId: protection.companyId,
        ownerId: deal.properties.hubspot_owner_id?.trim() || null,
        subject: `${dealName}: customer protected by ${partner}`,
        body: `${partner} holds an approved deal registration (deal ${mark.registrationId}) on this customer (${protection.registration.customerDomain}), protected${until}. Talk to the partner's channel manager before working this deal.`,
      };
    };
    const notes = claimed.filter((mark) => mark.noteId === null).map((mark) => {
      const { companyId, body } = describe(mark);
      return { key: keyOf(mark), activity: { body, at: at.getTime(), companyId, dealIds: [mark.dealId] } };
    });
    const createdNotes = notes.length === 0 ? { created: new Map<string, string>(), refused: new Map<string, string>() } : await createNotes(client, portalId, notes);
    for (const mark of claimed) {
      const noteId = createdNotes.created.get(keyOf(mark));
      if (noteId !== undefined) await marks.recordNote(portalId, mark.dealId, mark.registrationId, noteId);
    }
    const dueAt = DateTime.fromJSDate(at).plus({ days: 1 }).toMillis();
    const tasks = claimed.filter((mark) => mark.taskId === null).map((mark) => {
      const { companyId, subject, body, ownerId } = describe(mark);
      return { key: keyOf(mark), activity: { subject, body, dueAt, companyId, ownerId, dealIds: [mark.dealId] } };
    });
    const createdTasks = await createTasks(client, portalId, tasks);
    for (const mark of claimed) {
      const refused = createdNotes.refused.get(keyOf(mark)) ?? createdTasks.refused.get(keyOf(mark));
      if (refused !== undefined) this.options.logger?.warn({ portalId, dealId: mark.dealId, reason: refused }, 'direct-deal guard: HubSpot refused the note or task');
      // A refused one (the deal deleted meanwhile) is not tried again: there is nobody left to tell.
      await marks.recordTold(portalId, mark.dealId, mark.registrationId, createdTasks.created.get(keyOf(mark)) ?? mark.taskId ?? '', at);
    }
  }

  /** The partners' company names, for the note and task (one batch read). */
  private async partnerNames(partnerIds: string[]): Promise<Map<string, string>> {
    const { client, portalId } = this.options;
    const names = new Map<string, string>();
    for (const inputs of chunk(partnerIds, BATCH_LIMITS.objects)) {
      const answer = await client.call({ portalId, operation: 'companies.batch.read' }, (sdk) =>
        sdk.crm.companies.batchApi.read({ inputs: inputs.map((id) => ({ id })), properties: ['name'], propertiesWithHistory: [] }),
      );
      for (const company of answer.results) {
        const name = company.properties.name?.trim();
        if (name) names.set(String(company.id), name);
      }
    }
    return names;
  }
}
