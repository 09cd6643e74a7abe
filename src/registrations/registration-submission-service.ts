import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely, type Transaction } from 'kysely';
import { crashPoint } from '../crash-point.js';
import type { Database } from '../db/database-schema.js';
import { todayIn } from '../domain/calendar-date.js';
import { checkRegistrationConflict } from '../domain/registrations/check-registration-conflict.js';
import {
  checkRegistrationSubmission,
  type RegistrationSubmission,
  type SubmissionProblem,
} from '../domain/registrations/check-registration-submission.js';
import { chooseSubmissionRoute } from '../domain/registrations/choose-submission-route.js';
import { findDuplicateRegistration } from '../domain/registrations/find-duplicate-registration.js';
import { identifyCustomer } from '../domain/registrations/identify-customer.js';
import { pendingRegistrationId } from '../domain/registrations/pending-registration-id.js';
import { planRegistrationSla } from '../domain/registrations/plan-registration-sla.js';
import { summariseRegistrationConflict } from '../domain/registrations/summarise-registration-conflict.js';
import type { ConflictCheck, ConflictOutcome, ConflictReason, CustomerCompany, CustomerIdentity } from '../domain/registrations/types.js';
import type { CalendarDate } from '../domain/types.js';
import { AppError } from '../errors.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { RecalculationEnqueuer } from '../jobs/recalculation-queue.js';
import { REGISTRATION_PIPELINE } from '../hubspot/registration-pipeline.js';
import type { RegistrationSettings } from '../program/registration-settings.js';
import { ConflictIndexStore } from './conflict-index-store.js';
import type { PendingRegistration } from './pending-registration.js';
import { RegistrationCustomerStore } from './registration-customer-store.js';
import type { RegistrationSlaQueue } from './registration-sla-queue.js';
import { resolveCustomerRecords } from './resolve-customer-records.js';

/** HubSpot-defined association type ids the submission uses. */
const DEAL_TO_COMPANY = 341;
const DEAL_TO_PRIMARY_COMPANY = 5;
const DEAL_TO_CONTACT = 3;
const CONTACT_TO_COMPANY = 279;
const NOTE_TO_COMPANY = 190;
const NOTE_TO_CONTACT = 202;

/** How long a claim's holder may make its deal before the partner's next submission may take the claim over. */
const DEFAULT_CLAIM_LEASE_MS = 10 * 60_000;
/** How long a repeat submission waits for a claim another submission holds. */
const DEFAULT_CLAIM_WAIT_MS = 30_000;
/** How long, at most, a registration waits for the company of a new customer another partner's claim is creating. */
const COMPANY_WAIT_MS = 10_000;
/** The first and the longest pause between two looks at a claim held elsewhere. */
const FIRST_WAIT_MS = 20;
const LAST_WAIT_MS = 500;

/** What a submission became. */
export type SubmissionResult =
  | { outcome: 'invalid'; problems: SubmissionProblem[]; warnings: SubmissionProblem[] }
  | { outcome: 'refused'; message: string }
  | { outcome: 'lead'; companyId: string; contactId: string; warnings: SubmissionProblem[] }
  | {
      outcome: 'registered';
      /** The registration's deal id. */
      registrationId: string;
      /** True when the partner already held this registration and nothing new was created. */
      duplicate: boolean;
      conflict: ConflictOutcome | null;
      reasons: ConflictReason[];
      summary: string | null;
      dueAt: string | null;
      warnings: SubmissionProblem[];
    };

export interface RegistrationSubmissionOptions {
  client: HubSpotClient;
  store: ConflictIndexStore;
  /** The customers registrations named at submission, known to HubSpot or not. */
  customers: RegistrationCustomerStore;
  portalId: string;
  settings: RegistrationSettings;
  /** The portal's time zone: the SLA clock and "today" follow it. */
  timeZone: string;
  /** Where the decision clock's reminder, escalation and breach are scheduled; without it none are. */
  sla?: Pick<RegistrationSlaQueue, 'schedule'>;
  /**
   * The database the stores read, for the claim across processes: with it, the check and the
   * claim of one customer run under a transaction-scoped advisory lock, so two processes
   * submitting the same customer at once create one registration, and the claim becomes the
   * registration of its deal in one transaction. Without it the claim is serialised within this
   * process only.
   */
  db?: Kysely<Database>;
  /**
   * How long a claim lets its submission make the deal before the partner's next submission of the
   * customer may take it over (docs/registrations.md, "Repeat submissions"), renewed once just
   * before the deal create. Default 10 minutes: longer than the customer's records and the deal
   * create can take at HubSpot's limits with every retry.
   */
  claimLeaseMs?: number;
  /**
   * How long a repeat submission waits for the deal of a claim another submission holds before it
   * is told to try again (`SERVICE_UNAVAILABLE`). Default 30 seconds.
   */
  claimWaitMs?: number;
  /**
   * Where the registration's partner is queued for recalculation, so its registration counts
   * (docs/registrations.md, "Registration counts") follow; without it nothing is queued.
   */
  recalculation?: Pick<RecalculationEnqueuer, 'enqueueCompanies'>;
  /**
   * Told, per registration checked, how many milliseconds its conflict check took: from asking for
   * the customer's claim (the wait for the lock included) until the outcome was known. For the bench
   * (docs/registrations.md, "Cost (measured)"); without it nothing is timed.
   */
  observeCheck?: (milliseconds: number) => void;
  now?: () => Date;
}

/** The stores one claim reads and writes: the service's own, or the same bound to the claim's transaction. */
interface ClaimStores {
  store: ConflictIndexStore;
  customers: RegistrationCustomerStore;
}

/** What the check and claim of a customer, under its lock, decided. */
type ClaimOutcome =
  /** The partner holds a registration on the customer already (or the submission was refused). */
  | { kind: 'answered'; result: SubmissionResult }
  /** Another submission of this partner holds the customer's claim and may still make its deal. */
  | { kind: 'held-elsewhere' }
  /** This submission holds the claim (new, or taken over from a dead one) and makes the deal. */
  | { kind: 'claimed'; claim: HeldClaim };

/** A claim this submission holds, with what its deal carries. */
interface HeldClaim {
  /** The pending id. */
  registrationId: string;
  /** When this submission took the claim: its token for renewing it. */
  claimedAt: Date;
  /** True when taken over from a submission that died: its deal may exist already. */
  takenOver: boolean;
  submittedAt: Date;
  dealName: string;
  check: ConflictCheck;
  dueAt: Date;
  /** The customer company HubSpot already has, as the index knew when the claim was taken. */
  knownCompanyId: string | null;
  /**
   * Other partners' claims on this new customer made before this one: the first of them creates
   * the customer's company, which this registration waits for rather than create a second.
   */
  earlierClaims: string[];
}

interface RegistrationTargets {
  pipelineId: string;
  submittedStageId: string;
  /** The *Registered partner* label's type id; undefined when the plan has no custom labels. */
  labelTypeId: number | undefined;
}

function text(value: string | null | undefined): string {
  return value?.trim() ?? '';
}

/** The customer company HubSpot already has under this domain (the lowest id when several do). */
function lowestCompanyId(companies: readonly CustomerCompany[], domain: string): string | null {
  return companies.filter((company) => company.domain === domain).map((company) => company.companyId)
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0] ?? null;
}

function splitName(name: string): { firstname: string; lastname: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return { firstname: parts[0] ?? '', lastname: '' };
  return { firstname: parts.slice(0, -1).join(' '), lastname: parts.at(-1)! };
}

/**
 * A partner contact's deal registration (docs/registrations.md): the submission is checked, the
 * tier gate applied, a repeat submission answered with the registration already held, the
 * conflict check run against the index in PostgreSQL (never a HubSpot search) and the customer
 * claimed, under the customer's lock in one short transaction; then, with no lock held, the
 * HubSpot deal created in the *Partner registrations* pipeline with its associations in the same
 * call. The claim counts for the next check at once, and becomes the deal's registration in the
 * index, with the customer as submitted, as soon as the deal exists, so the next check sees it
 * before its webhook, whether or not HubSpot has a company for that customer.
 *
 * HubSpot calls per registration: one read of the partner company (its permissions), one contact
 * upsert by email, one company create for a customer HubSpot does not have (or, for a new contact of
 * a company it has, one association call), and one deal create carrying every association. The
 * pipeline and label are read once per service.
 */
export class RegistrationSubmissionService {
  private targets: Promise<RegistrationTargets> | undefined;
  private readonly running = new Map<string, Promise<void>>();
  private readonly now: () => Date;

  constructor(private readonly options: RegistrationSubmissionOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async submitRegistration(partnerCompanyId: string, submitterContactId: string, fields: RegistrationSubmission): Promise<SubmissionResult> {
    const { client, portalId, settings, timeZone } = this.options;
    if (!/^\d+$/.test(partnerCompanyId)) throw new AppError('INVALID_INPUT', `partner company id "${partnerCompanyId}" is not a record id`);
    if (!/^\d+$/.test(submitterContactId)) throw new AppError('INVALID_INPUT', `submitter contact id "${submitterContactId}" is not a record id`);
    const submittedAt = this.now();
    const today = todayIn(timeZone, submittedAt);
    const { problems, warnings } = checkRegistrationSubmission(fields, settings, today);
    if (problems.length > 0) return { outcome: 'invalid', problems, warnings };

    const partner = await client.call({ portalId, operation: 'companies.read' }, (sdk) =>
      sdk.crm.companies.basicApi.getById(partnerCompanyId, ['name', 'pe_is_partner', 'pe_permissions']),
    );
    const isPartner = partner.properties.pe_is_partner === 'true';
    const permissions = isPartner ? (partner.properties.pe_permissions ?? '').split(';').map((entry) => entry.trim()).filter(Boolean) : [];
    const route = chooseSubmissionRoute(permissions);
    if (route === 'refused') {
      const name = partner.properties.name ?? `company ${partnerCompanyId}`;
      return {
        outcome: 'refused',
        message: isPartner
          ? `${name} cannot register deals or submit leads: its tier grants neither register_deals nor submit_leads.`
          : `${name} is not a partner, so it cannot register deals or submit leads.`,
      };
    }
    if (route === 'lead') return this.submitLead(partnerCompanyId, submitterContactId, fields, warnings);

    const customer = identifyCustomer(
      { companyName: fields.customerCompanyName, domain: fields.customerDomain, contactEmail: fields.customerContactEmail },
      settings.conflict,
    );
    const key = customer.domain ?? `name:${customer.name ?? ''}`;
    const result = await this.registerClaimed(key, partnerCompanyId, submitterContactId, fields, customer, submittedAt, today, warnings);
    if (result.outcome === 'registered' && !result.duplicate) await this.options.recalculation?.enqueueCompanies(this.options.portalId, [partnerCompanyId]);
    return result;
  }

  /**
   * A registration in three steps (docs/registrations.md, "Repeat submissions"): the check and the
   * claim of the customer, under its lock and in one short transaction; the HubSpot calls, with no
   * lock held; then the claim becomes the registration of its deal. A repeat of a claim another
   * submission holds waits for its deal (re-asking, each time under the lock) and gets it back, or
   * takes the claim over once its holder's lease ended.
   */
  private async registerClaimed(
    key: string,
    partnerCompanyId: string,
    submitterContactId: string,
    fields: RegistrationSubmission,
    customer: CustomerIdentity,
    submittedAt: Date,
    today: CalendarDate,
    warnings: SubmissionProblem[],
  ): Promise<SubmissionResult> {
    const asked = performance.now();
    const giveUpAt = asked + (this.options.claimWaitMs ?? DEFAULT_CLAIM_WAIT_MS);
    let observed = false;
    let pause = FIRST_WAIT_MS;
    for (;;) {
      // One claim per customer at a time in this process too: a repeat sent twice at once gets one
      // registration, and two partners registering the same customer at once see each other's claim.
      const outcome = await this.oneAtATime(key, () => this.underCustomerLock(key, (stores) =>
        this.checkAndClaim(partnerCompanyId, fields, customer, submittedAt, today, warnings, stores)));
      if (outcome.kind !== 'held-elsewhere' && !observed) {
        observed = true;
        this.options.observeCheck?.(performance.now() - asked);
      }
      if (outcome.kind === 'answered') return outcome.result;
      if (outcome.kind === 'claimed') {
        crashPoint('registration.claimed');
        const { claim } = outcome;
        const made = await this.makeClaimedDeal(key, claim, partnerCompanyId, submitterContactId, fields, customer, warnings).catch(async (error: unknown) => {
          // Failed (HubSpot refused or could not be reached, the database went away): the lease ends
          // now, so the partner's next try takes the claim over at once, looking for the deal first.
          await this.options.customers.releasePending(this.options.portalId, claim.registrationId, claim.claimedAt).catch(() => undefined);
          throw error;
        });
        if (made) return made;
      }
      if (performance.now() >= giveUpAt) {
        throw new AppError('SERVICE_UNAVAILABLE', `A registration of this customer by partner company ${partnerCompanyId} is being created right now; try again in a minute.`);
      }
      await sleep(pause);
      pause = Math.min(pause * 2, LAST_WAIT_MS);
    }
  }

  /**
   * Runs `work` in one transaction under a PostgreSQL transaction-scoped advisory lock on (portal,
   * customer) (docs/registrations.md, "Repeat submissions"), released at its commit: the lock covers
   * the check and the claim only, never a HubSpot call. Every read and write goes through the
   * lock's transaction (the embedded database runs one transaction at a time, so a query on another
   * connection would wait for it). Keyed by customer rather than partner, so two partners
   * registering one customer at once also see each other's claim.
   */
  private async underCustomerLock<T>(key: string, work: (stores: ClaimStores) => Promise<T>): Promise<T> {
    return this.inTransaction(async (stores, trx) => {
      if (trx) await sql`select pg_advisory_xact_lock(hashtextextended(${`registration:${this.options.portalId}:${key}`}, 0))`.execute(trx);
      return work(stores);
    });
  }

  /** Runs `work` in one transaction on stores bound to it; without `db`, on the service's stores. */
  private async inTransaction<T>(work: (stores: ClaimStores, trx: Transaction<Database> | null) => Promise<T>): Promise<T> {
    const { db } = this.options;
    if (!db) return work({ store: this.options.store, customers: this.options.customers }, null);
    return db.transaction().execute((trx) => work({ store: new ConflictIndexStore(trx), customers: new RegistrationCustomerStore(trx) }, trx));
  }

  /**
   * The check and claim of a customer, under its lock: the registration the partner already holds,
   * else its own claim (waited for while its holder's lease runs, taken over after), else the
   * conflict check — against registrations and other partners' claims whose lease runs — and a new
   * claim carrying its outcome.
   */
  private async checkAndClaim(
    partnerCompanyId: string,
    fields: RegistrationSubmission,
    customer: CustomerIdentity,
    submittedAt: Date,
    today: CalendarDate,
    warnings: SubmissionProblem[],
    { store, customers }: ClaimStores,
  ): Promise<ClaimOutcome> {
    const { portalId, settings, timeZone } = this.options;
    const [records, submitted, pending] = await Promise.all([
      store.readCustomer(portalId, customer.domain, customer.name),
      customers.readLive(portalId, customer),
      customers.readPending(portalId, customer),
    ]);
    const known = new Set(records.registrations.map((registration) => registration.registrationId));
    const registrations = [...records.registrations, ...submitted.filter((registration) => !known.has(registration.registrationId))];
    const existing = findDuplicateRegistration(partnerCompanyId, customer, registrations, today);
    if (existing) {
      return { kind: 'answered', result: { outcome: 'registered', registrationId: existing.registrationId, duplicate: true, conflict: null, reasons: [], summary: null, dueAt: null, warnings } };
    }
    const knownCompanyId = customer.domain === null ? null : lowestCompanyId(records.companies, customer.domain);
    const at = this.now();
    const until = new Date(at.getTime() + this.leaseMs());
    const ownId = findDuplicateRegistration(partnerCompanyId, customer, pending, today)?.registrationId;
    const own = pending.find((claim) => claim.registrationId === ownId);
    if (own) return this.takeOverOwnClaim(own, at, until, knownCompanyId, customers);

    const live = pending.filter((claim) => claim.claimedUntil.getTime() > at.getTime());
    const check = checkRegistrationConflict({
      partnerId: partnerCompanyId,
      customer,
      today,
      registrations: [...registrations, ...live],
      deals: records.deals,
      companies: records.companies,
      rules: settings.conflict,
    });
    const dueAt = new Date(planRegistrationSla(submittedAt.getTime(), settings, timeZone).dueAt);
    const dealName = text(fields.dealName) || `${text(fields.customerCompanyName) || customer.domain || 'Customer'} – partner registration`;
    const registrationId = pendingRegistrationId(randomUUID());
    await customers.claimPending(portalId, {
      registrationId,
      partnerId: partnerCompanyId,
      customer,
      submittedAt,
      details: { dealName, customerLabel: text(fields.customerCompanyName) || customer.domain || null, conflict: check.outcome, dueAt, reasons: check.reasons },
      claimedUntil: new Date(submittedAt.getTime() + this.leaseMs()),
    });
    const earlierClaims = knownCompanyId === null && customer.domain !== null
      ? live.filter((claim) => claim.customerDomain === customer.domain).map((claim) => claim.registrationId)
      : [];
    return { kind: 'claimed', claim: { registrationId, claimedAt: submittedAt, takenOver: false, submittedAt, dealName, check, dueAt, knownCompanyId, earlierClaims } };
  }

  /** The partner's own claim on the customer: held elsewhere while its lease runs, else taken over as it was made. */
  private async takeOverOwnClaim(own: PendingRegistration, at: Date, until: Date, knownCompanyId: string | null, customers: RegistrationCustomerStore): Promise<ClaimOutcome> {
    if (own.claimedUntil.getTime() > at.getTime()) return { kind: 'held-elsewhere' };
    if (!(await customers.takeOverPending(this.options.portalId, own.registrationId, at, until))) return { kind: 'held-elsewhere' };
    return {
      kind: 'claimed',
      claim: {
        registrationId: own.registrationId,
        claimedAt: at,
        takenOver: true,
        submittedAt: new Date(own.submittedAt),
        dealName: own.dealName ?? 'Partner registration',
        check: { outcome: own.conflict, reasons: own.reasons },
        dueAt: own.dueAt,
        knownCompanyId,
        earlierClaims: [],
      },
    };
  }

  /**
   * The HubSpot side of a claim, with no lock held: the customer's company and contact, the deal
   * (found by its reference first when the claim was taken over from a submission that died — it
   * may have made it), then the claim becomes the deal's registration. Null when the claim was
   * taken over meanwhile by another submission (its lease ran out): nothing is created.
   */
  private async makeClaimedDeal(
    key: string,
    claim: HeldClaim,
    partnerCompanyId: string,
    submitterContactId: string,
    fields: RegistrationSubmission,
    customer: CustomerIdentity,
    warnings: SubmissionProblem[],
  ): Promise<SubmissionResult | null> {
    const { client, portalId, settings, timeZone } = this.options;
    const summary = summariseRegistrationConflict(claim.check, customer);
    const targets = await this.resolveTargets();
    const properties: Record<string, string> = {
      dealname: claim.dealName,
      pipeline: targets.pipelineId,
      dealstage: targets.submittedStageId,
      pe_partner_company_id: partnerCompanyId,
      pe_registration_status: 'submitted',
      pe_registration_submitted_at: claim.submittedAt.toISOString(),
      pe_registration_due_at: claim.dueAt.toISOString(),
      pe_registration_conflict: claim.check.outcome,
      pe_registration_conflict_summary: summary,
    };
    let dealId = claim.takenOver ? await this.findClaimedDeal(properties) : null;
    let customerCompanyId = claim.knownCompanyId;
    if (dealId === null) {
      const knownCompanyId = claim.knownCompanyId ?? await this.awaitCustomerCompany(claim, customer);
      // Found or created: the customer company (new ones go into the index at once) and contact.
      const records = await resolveCustomerRecords({
        client, portalId, store: this.options.store, extraFreeMailDomains: settings.conflict.extraFreeMailDomains, customer, knownCompanyId,
        companyName: text(fields.customerCompanyName), contactEmail: text(fields.customerContactEmail), contactName: text(fields.customerContactName), at: claim.submittedAt,
      });
      customerCompanyId = records.companyId;
      if (fields.amount !== undefined && fields.amount !== null) properties.amount = (fields.amount / 100).toFixed(2);
      if (text(fields.expectedCloseDate) !== '') properties.closedate = `${text(fields.expectedCloseDate)}T00:00:00.000Z`;
      // Still ours? A holder that outlived its lease lets the submission that took over make the deal.
      const renewed = await this.options.customers.renewPending(portalId, claim.registrationId, claim.claimedAt, new Date(this.now().getTime() + this.leaseMs()));
      if (!renewed) return null;
      const deal = await client.call({ portalId, operation: 'deals.create' }, (sdk) =>
        sdk.crm.deals.basicApi.create({ properties, associations: this.dealAssociations(targets, partnerCompanyId, submitterContactId, records.contactId, customerCompanyId) as never }),
      );
      dealId = deal.id;
    }
    crashPoint('registration.deal-created');
    const id = dealId;
    // Under the customer's lock too, so that a check never reads the index before this commit and
    // the claims after it, and misses both.
    await this.oneAtATime(key, () => this.underCustomerLock(key, async ({ store, customers }) => {
      await store.replaceDeals(portalId, [{
        dealId: id,
        deals: customerCompanyId === null ? [] : [{ dealId: id, companyId: customerCompanyId, isRegistration: true, state: 'open', closedOn: null }],
        registration: { dealId: id, partnerId: partnerCompanyId, companyId: customerCompanyId, status: 'submitted', submittedAt: claim.submittedAt, expiresOn: null, decidedAt: null },
      }], claim.submittedAt);
      await customers.completePending(portalId, claim.registrationId, {
        dealId: id,
        partnerId: partnerCompanyId,
        customer,
        submittedAt: claim.submittedAt,
        details: { dealName: claim.dealName, customerLabel: text(fields.customerCompanyName) || customer.domain || null, conflict: claim.check.outcome, dueAt: claim.dueAt, reasons: claim.check.reasons },
      });
    }));
    const plan = planRegistrationSla(claim.submittedAt.getTime(), settings, timeZone);
    await this.options.sla?.schedule(portalId, id, plan, claim.submittedAt.getTime());
    return { outcome: 'registered', registrationId: id, duplicate: false, conflict: claim.check.outcome, reasons: claim.check.reasons, summary, dueAt: claim.dueAt.toISOString(), warnings };
  }

  /**
   * The company of a new customer that another partner's earlier claim is creating: looked for in
   * the index (where the creator puts it at once) until it is there, or none of those claims is
   * still being made, or 10 seconds (at most `claimWaitMs`) passed; null then, and this registration creates it. Only
   * this registration's HubSpot side waits, never a check.
   */
  private async awaitCustomerCompany(claim: HeldClaim, customer: CustomerIdentity): Promise<string | null> {
    const { portalId } = this.options;
    if (claim.earlierClaims.length === 0 || customer.domain === null) return null;
    const giveUpAt = performance.now() + Math.min(this.options.claimWaitMs ?? DEFAULT_CLAIM_WAIT_MS, COMPANY_WAIT_MS);
    let pause = FIRST_WAIT_MS;
    for (;;) {
      const [records, pending] = await Promise.all([
        this.options.store.readCustomer(portalId, customer.domain, null),
        this.options.customers.readPending(portalId, customer),
      ]);
      const company = lowestCompanyId(records.companies, customer.domain);
      if (company !== null) return company;
      const now = this.now().getTime();
      const stillMaking = pending.some((other) => claim.earlierClaims.includes(other.registrationId) && other.claimedUntil.getTime() > now);
      if (!stillMaking || performance.now() >= giveUpAt) return null;
      await sleep(pause);
      pause = Math.min(pause * 2, LAST_WAIT_MS);
    }
  }

  /** The registration deal's associations: the partner (with the label), the submitter, the customer contact and company. */
  private dealAssociations(targets: RegistrationTargets, partnerCompanyId: string, submitterContactId: string, customerContactId: string | null, customerCompanyId: string | null) {
    const partnerTypes = [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: DEAL_TO_COMPANY }];
    if (targets.labelTypeId !== undefined) partnerTypes.push({ associationCategory: 'USER_DEFINED' as never, associationTypeId: targets.labelTypeId });
    return [
      { to: { id: partnerCompanyId }, types: partnerTypes },
      { to: { id: submitterContactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: DEAL_TO_CONTACT }] },
      ...(customerContactId === null || customerContactId === submitterContactId ? [] : [
        { to: { id: customerContactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: DEAL_TO_CONTACT }] },
      ]),
      ...(customerCompanyId === null ? [] : [{
        to: { id: customerCompanyId },
        types: [
          { associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: DEAL_TO_PRIMARY_COMPANY },
          { associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: DEAL_TO_COMPANY },
        ],
      }]),
    ];
  }

  /**
   * The deal a claim's dead holder may have made, by the reference every registration deal carries:
   * its pipeline, partner, submission instant (to the millisecond) and name. One search, made only
   * when a claim is taken over; null when there is none.
   */
  private async findClaimedDeal(properties: Record<string, string>): Promise<string | null> {
    const { client, portalId } = this.options;
    const reference = ['pipeline', 'pe_partner_company_id', 'pe_registration_submitted_at', 'dealname'] as const;
    const request = {
      filterGroups: [{
        filters: reference.map((name) => ({
          propertyName: name,
          operator: 'EQ',
          value: name === 'pe_registration_submitted_at' ? String(Date.parse(properties[name]!)) : properties[name]!,
        })),
      }],
      properties: ['dealname'],
      limit: 10,
    };
    const answer = await client.call({ portalId, operation: 'deals.search', bucket: 'search' }, (sdk) =>
      sdk.crm.deals.searchApi.doSearch(request as unknown as Parameters<typeof sdk.crm.deals.searchApi.doSearch>[0]),
    );
    // The oldest, should a dead holder have made more than one.
    return answer.results.map((deal) => deal.id).sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0] ?? null;
  }

  private leaseMs(): number {
    return this.options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  }

  /** Runs `task` after every earlier task of the same key has settled. */
  private async oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.running.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    const settled = current.then(() => undefined, () => undefined);
    this.running.set(key, settled);
    try {
      return await current;
    } finally {
      if (this.running.get(key) === settled) this.running.delete(key);
    }
  }

  /**
   * A lead from a partner that may not register deals (docs/registrations.md, "Who may register"):
   * the customer company and contact, and a note naming the referring partner on both. It claims
   * nothing and is never protected.
   */
  private async submitLead(partnerCompanyId: string, submitterContactId: string, fields: RegistrationSubmission, warnings: SubmissionProblem[]): Promise<SubmissionResult> {
    const { client, portalId } = this.options;
    const companyProperties: Record<string, string> = { name: text(fields.customerCompanyName) || text(fields.customerDomain) };
    if (text(fields.customerDomain) !== '') companyProperties.domain = text(fields.customerDomain);
    const company = await client.call({ portalId, operation: 'companies.create' }, (sdk) =>
      sdk.crm.companies.basicApi.create({ properties: companyProperties, associations: [] }),
    );
    // The referring partner is set in the create itself (docs/properties.md, "Contact outputs").
    const contactProperties: Record<string, string> = { ...splitName(text(fields.customerContactName)), pe_referred_by_partner_id: partnerCompanyId };
    if (text(fields.customerContactEmail) !== '') contactProperties.email = text(fields.customerContactEmail);
    const contact = await client.call({ portalId, operation: 'contacts.create' }, (sdk) =>
      sdk.crm.contacts.basicApi.create({
        properties: contactProperties,
        associations: [{ to: { id: company.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: CONTACT_TO_COMPANY }] }] as never,
      }),
    );
    const body = [
      `Lead referred by partner company ${partnerCompanyId}, submitted by contact ${submitterContactId}.`,
      text(fields.dealName) ? `Opportunity: ${text(fields.dealName)}.` : '',
      text(fields.description),
    ].filter(Boolean).join('\n');
    await client.call({ portalId, operation: 'notes.create' }, (sdk) =>
      sdk.crm.objects.notes.basicApi.create({
        properties: { hs_note_body: body, hs_timestamp: this.now().toISOString() },
        associations: [
          { to: { id: company.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_COMPANY }] },
          { to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }] },
        ] as never,
      }),
    );
    return { outcome: 'lead', companyId: company.id, contactId: contact.id, warnings };
  }

  /** The registrations pipeline, its Submitted stage and the partner label, read once. */
  private resolveTargets(): Promise<RegistrationTargets> {
    this.targets ??= this.readTargets().catch((error: unknown) => {
      this.targets = undefined;
      throw error;
    });
    return this.targets;
  }

  private async readTargets(): Promise<RegistrationTargets> {
    const { client, portalId } = this.options;
    const pipelines = await client.call({ portalId, operation: 'pipelines.deals.read' }, (sdk) => sdk.crm.pipelines.pipelinesApi.getAll('deals'));
    const wanted = REGISTRATION_PIPELINE.label.toLowerCase();
    const pipeline = pipelines.results.find((entry) => !entry.archived && entry.label.trim().toLowerCase() === wanted)
      ?? pipelines.results.find((entry) => entry.id === 'default');
    const submitted = REGISTRATION_PIPELINE.stages[0].label.toLowerCase();
    const stage = pipeline?.stages.find((entry) => !entry.archived && entry.label.trim().toLowerCase() === submitted) ?? pipeline?.stages[0];
    if (!pipeline || !stage) throw new AppError('NOT_FOUND', `deal pipeline "${REGISTRATION_PIPELINE.label}" is missing: run partner-enablement setup`);
    const labels = await client.call({ portalId, operation: 'associations.labels.deals.companies.read' }, (sdk) =>
      sdk.crm.associations.v4.schema.definitionsApi.getAll('deals', 'companies'),
    );
    const label = labels.results.find((type) => type.category === 'USER_DEFINED'
      && (type.label ?? '').trim().toLowerCase() === REGISTRATION_PIPELINE.partnerLabel.label.toLowerCase());
    return { pipelineId: pipeline.id, submittedStageId: stage.id, labelTypeId: label?.typeId };
  }
}
