import type {
  ContactEnablementResponse,
  PartnerEnablementResponse,
  PartnerRegistrationsView,
  RegistrationStatus,
  Trend as CardTrend,
} from '../../extensions/app/cards/card-data.js';
import { todayIn } from '../domain/calendar-date.js';
import type { CalendarDate, ContactSnapshot } from '../domain/types.js';
import { AppError } from '../errors.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import { readPartnerSnapshot } from '../hubspot/property-mapping.js';
import type { Program, TrackId } from '../program/program-schema.js';
import type { RegistrationCustomerStore } from '../registrations/registration-customer-store.js';
import type { IncentiveDecisionService } from '../incentives/incentive-decision-service.js';
import type { TrainingAssignmentStore } from '../training/training-assignment-store.js';
import { buildContactCard } from './build-contact-card.js';
import { buildTierGovernance } from './build-tier-governance.js';
import type { TierHistoryReader } from '../governance/tier-history-reader.js';
import { buildNotAPartnerCard, buildPartnerCard, type TrainingDeadlines } from './build-partner-card.js';
import { evaluateLoadedPartner, type EvaluatedPartner } from './load-evaluated-partner.js';
import type { ReadHubSpotRecord } from '../hubspot/read-hubspot-record.js';
import type { DealFactsStore } from '../governance/deal-facts-store.js';
import { readPartnersDeals } from '../governance/read-partners-deals.js';

/** Where card data comes from. Reads only: a card request never writes to HubSpot. */
export interface CardDataSources {
  /** The portal this installation serves (training assignments are kept per portal). */
  portalId: string;
  program: Program;
  repository: Pick<PartnerRepository, 'loadPartners' | 'companiesForContacts'>;
  /** Reads a contact that belongs to no partner company. */
  readContact: ReadHubSpotRecord;
  /** Accepted training assignments, for deadlines; without it the card shows none. */
  trainingAssignments?: Pick<TrainingAssignmentStore, 'activeAssignments'>;
  /** The partner's registrations in PostgreSQL; without it the card has no registrations section. */
  registrations?: Pick<RegistrationCustomerStore, 'countForPartner' | 'readForPartner'>;
  /** The partner's closed quarters in PostgreSQL; without it the card has no tier governance section. */
  tierHistory?: Pick<TierHistoryReader, 'latestForPartner'>;
  /** The deal-facts mirror and the company currency; without them the card shows no health and no business gaps. */
  dealFacts?: { store: DealFactsStore; currency: string };
  /** Incentive requests; without it the card has no incentives section. */
  incentives?: Pick<IncentiveDecisionService, 'openRequests'>;
}

/** How many closed quarters the card lists (two years). */
const TIER_HISTORY_QUARTERS = 8;

const REGISTRATION_STATUSES: readonly RegistrationStatus[] = ['submitted', 'approved', 'rejected', 'expired', 'won', 'lost'];
/** How many registrations the card lists. */
const LATEST_REGISTRATIONS = 5;

/** A partner's registrations for the card: counts by status from the index, the latest few. */
async function loadRegistrations(
  store: NonNullable<CardDataSources['registrations']>,
  portalId: string,
  companyId: string,
): Promise<PartnerRegistrationsView> {
  const [counted, latest] = await Promise.all([store.countForPartner(portalId, companyId), store.readForPartner(portalId, companyId, LATEST_REGISTRATIONS)]);
  const counts = Object.fromEntries(REGISTRATION_STATUSES.map((status) => [status, counted[status] ?? 0])) as Record<RegistrationStatus, number>;
  return {
    counts,
    latest: latest.map((entry) => ({
      registrationId: entry.registrationId,
      dealName: entry.dealName,
      customer: entry.customer,
      status: entry.status as RegistrationStatus,
      conflict: entry.conflict,
      submittedAt: new Date(entry.submittedAt).toISOString(),
      dueAt: entry.dueAt === null ? null : new Date(entry.dueAt).toISOString(),
    })),
  };
}

const TRENDS: readonly CardTrend[] = ['improving', 'stable', 'declining'];

function readTrend(company: HubSpotRecord): CardTrend | null {
  const value = company.properties.pe_readiness_trend?.trim();
  return TRENDS.find((trend) => trend === value) ?? null;
}

function readInstant(company: HubSpotRecord): string | null {
  const value = company.properties.pe_readiness_evaluated_at?.trim();
  if (!value) return null;
  // HubSpot answers datetimes as ISO strings, or epoch milliseconds from older writers.
  const at = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** Deadlines of the active tracks of the given contacts, from the training assignment records. */
export async function loadTrainingDeadlines(
  sources: Pick<CardDataSources, 'portalId' | 'trainingAssignments'>,
  contacts: readonly Pick<ContactSnapshot, 'contactId' | 'activeTracks'>[],
): Promise<TrainingDeadlines> {
  const deadlines = new Map<string, Map<TrackId, CalendarDate>>();
  const store = sources.trainingAssignments;
  if (!store) return deadlines;
  const training = contacts.filter((contact) => contact.activeTracks.length > 0);
  const assignments = await Promise.all(training.map((contact) => store.activeAssignments(sources.portalId, contact.contactId)));
  training.forEach((contact, index) => {
    const byTrack = new Map<TrackId, CalendarDate>();
    for (const assignment of assignments[index] ?? []) if (assignment.deadlineOn) byTrack.set(assignment.track, assignment.deadlineOn);
    deadlines.set(contact.contactId, byTrack);
  });
  return deadlines;
}

/** The partner card of an already evaluated company (also the answer of the recalculate action). */
export async function partnerCardOf(sources: CardDataSources, evaluated: EvaluatedPartner): Promise<PartnerEnablementResponse> {
  const { company, snapshot, evaluation } = evaluated;
  if (!evaluation) return buildNotAPartnerCard(snapshot);
  const [deadlines, registrations, history, incentives] = await Promise.all([
    loadTrainingDeadlines(sources, snapshot.contacts),
    sources.registrations ? loadRegistrations(sources.registrations, sources.portalId, snapshot.companyId) : undefined,
    sources.tierHistory?.latestForPartner(sources.portalId, snapshot.companyId, TIER_HISTORY_QUARTERS),
    sources.incentives ? sources.incentives.openRequests(snapshot.companyId) : undefined,
  ]);
  const card = buildPartnerCard(snapshot, evaluation, sources.program, {
    trend: readTrend(company),
    evaluatedAt: readInstant(company),
    deadlines,
  });
  const governance = history ? buildTierGovernance(company, history, sources.program, evaluation.asOf) : undefined;
  return { ...card, ...(registrations ? { registrations } : {}), ...(governance ? { governance } : {}), ...(incentives ? { incentives } : {}) };
}

/**
 * `GET /hubspot/cards/partner-enablement`: one `loadPartners` call (company, associations,
 * contacts), the evaluation as of today in the partner's time zone with its deals from the
 * deal-facts mirror, deadlines from the training assignments.
 * Throws `NOT_FOUND` for a company this portal does not have.
 */
export async function loadPartnerCard(sources: CardDataSources, companyId: string, now: Date | number): Promise<PartnerEnablementResponse> {
  const { dealFacts } = sources;
  // The deals come from PostgreSQL while HubSpot answers.
  const [{ partners }, deals] = await Promise.all([
    sources.repository.loadPartners([companyId]),
    dealFacts ? readPartnersDeals(dealFacts.store, sources.portalId, [companyId], dealFacts.currency, now) : undefined,
  ]);
  const loaded = partners[0];
  if (!loaded) throw new AppError('NOT_FOUND', `Company ${companyId} does not exist in this HubSpot portal.`);
  return partnerCardOf(sources, evaluateLoadedPartner(loaded.company, loaded.contacts, sources.program, now, deals?.get(companyId)));
}

/** A contact read on its own, in the program's default time zone (it has no partner to give one). */
function readLoneContact(record: HubSpotRecord, program: Program): ContactSnapshot {
  const { snapshot } = readPartnerSnapshot({ id: '', properties: {} }, [record], program);
  return snapshot.contacts[0]!;
}

/**
 * `GET /hubspot/cards/contact-enablement`: the contact's partner (the first of its associated
 * companies that is a partner), its certifications and tracks. Reads: one association look-up,
 * then one `loadPartners` call for its companies, or one contact read when it has none.
 * Throws `NOT_FOUND` for a contact this portal does not have.
 */
export async function loadContactCard(sources: CardDataSources, contactId: string, now: Date | number): Promise<ContactEnablementResponse> {
  const { program } = sources;
  const companyIds = (await sources.repository.companiesForContacts([contactId])).get(contactId) ?? [];
  let contact: ContactSnapshot | undefined;
  let partner: { companyId: string; name: string | null } | null = null;
  let timeZone = program.defaultTimeZone;
  if (companyIds.length > 0) {
    const { partners } = await sources.repository.loadPartners(companyIds);
    for (const loaded of partners) {
      const { snapshot } = readPartnerSnapshot(loaded.company, loaded.contacts, program);
      const member = snapshot.contacts.find((candidate) => candidate.contactId === contactId);
      if (!member) continue;
      if (snapshot.isPartner) {
        contact = member;
        partner = { companyId: snapshot.companyId, name: snapshot.name };
        timeZone = snapshot.timeZone;
        break;
      }
      contact ??= readLoneContact(loaded.contacts.find((record) => record.id === contactId)!, program);
    }
  }
  if (!contact) {
    const record = await sources.readContact(contactId);
    if (!record) throw new AppError('NOT_FOUND', `Contact ${contactId} does not exist in this HubSpot portal.`);
    contact = readLoneContact(record, program);
  }
  const deadlines = await loadTrainingDeadlines(sources, [contact]);
  return buildContactCard(
    { contact, partner, asOf: todayIn(timeZone, now), deadlines: deadlines.get(contactId) ?? new Map() },
    program,
  );
}
