import { sql, type Kysely } from 'kysely';
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
import { planRegistrationSla } from '../domain/registrations/plan-registration-sla.js';
import { summariseRegistrationConflict } from '../domain/registrations/summarise-registration-conflict.js';
import type { ConflictOutcome, ConflictReason, CustomerIdentity } from '../domain/registrations/types.js';
import type { CalendarDate } from '../domain/types.js';
import { AppError } from '../errors.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { RecalculationEnqueuer } from '../jobs/recalculation-queue.js';
import { REGISTRATION_PIPELINE } from '../hubspot/registration-pipeline.js';
import type { RegistrationSettings } from '../program/registration-settings.js';
import { ConflictIndexStore } from './conflict-index-store.js';
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
   * submitting the same customer at once create one registration. Without it the claim is
   * serialised within this process only.
   */
  db?: Kysely<Database>;
  /**
   * Where the registration's partner is queued for recalculation, so its registration counts
   * (docs/registrations.md, "Registration counts") follow; without it nothing is queued.
   */
  recalculation?: Pick<RecalculationEnqueuer, 'enqueueCompanies'>;
  now?: () => Date;
}

/** The stores one claim reads and writes: the service's own, or the same bound to the claim's transaction. */
interface ClaimStores {
  store: ConflictIndexStore;
  customers: RegistrationCustomerStore;
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

function splitName(name: string): { firstname: string; lastname: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return { firstname: parts[0] ?? '', lastname: '' };
  return { firstname: parts.slice(0, -1).join(' '), lastname: parts.at(-1)! };
}

/**
 * A partner contact's deal registration (docs/registrations.md): the submission is checked, the
 * tier gate applied, a repeat submission answered with the registration already held, the
 * conflict check run against the index in PostgreSQL (never a HubSpot search), and the HubSpot
 * deal created in the *Partner registrations* pipeline with its associations in the same call.
 * The new registration goes into the index at once, with the customer as submitted, so the next
 * check sees it before its webhook, whether or not HubSpot has a company for that customer.
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
    // One submission per customer at a time in this process: a repeat sent twice at once gets one
    // registration, and two partners registering the same customer at once see each other's claim.
    const key = customer.domain ?? `name:${customer.name ?? ''}`;
    const result = await this.oneAtATime(key, () => this.claim(key, (stores) => this.register(partnerCompanyId, submitterContactId, fields, customer, submittedAt, today, warnings, stores)));
    if (result.outcome === 'registered' && !result.duplicate) await this.options.recalculation?.enqueueCompanies(this.options.portalId, [partnerCompanyId]);
    return result;
  }

  /**
   * Runs the check and claim of one customer under a PostgreSQL transaction-scoped advisory lock on
   * (portal, customer) (docs/registrations.md, "Repeat submissions"): a second process submitting
   * the same customer waits until the first has created its deal and written it to the index, then
   * finds it. Every read and write of the claim goes through the lock's transaction (the embedded
   * database runs one transaction at a time, so a query on another connection would wait for it).
   * Keyed by customer rather than partner, so two partners registering one customer at once also
   * see each other's claim.
   */
  private async claim<T>(key: string, work: (stores: ClaimStores) => Promise<T>): Promise<T> {
    const { db } = this.options;
    if (!db) return work({ store: this.options.store, customers: this.options.customers });
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`registration:${this.options.portalId}:${key}`}, 0))`.execute(trx);
      return work({ store: new ConflictIndexStore(trx), customers: new RegistrationCustomerStore(trx) });
    });
  }

  private async register(
    partnerCompanyId: string,
    submitterContactId: string,
    fields: RegistrationSubmission,
    customer: CustomerIdentity,
    submittedAt: Date,
    today: CalendarDate,
    warnings: SubmissionProblem[],
    { store, customers }: ClaimStores,
  ): Promise<SubmissionResult> {
    const { client, portalId, settings, timeZone } = this.options;
    const [records, submitted] = await Promise.all([
      store.readCustomer(portalId, customer.domain, customer.name),
      customers.readLive(portalId, customer),
    ]);
    const known = new Set(records.registrations.map((registration) => registration.registrationId));
    const registrations = [...records.registrations, ...submitted.filter((registration) => !known.has(registration.registrationId))];
    const existing = findDuplicateRegistration(partnerCompanyId, customer, registrations, today);
    if (existing) {
      return { outcome: 'registered', registrationId: existing.registrationId, duplicate: true, conflict: null, reasons: [], summary: null, dueAt: null, warnings };
    }
    const check = checkRegistrationConflict({
      partnerId: partnerCompanyId,
      customer,
      today,
      registrations,
      deals: records.deals,
      companies: records.companies,
      rules: settings.conflict,
    });
    const summary = summariseRegistrationConflict(check, customer);
    const plan = planRegistrationSla(submittedAt.getTime(), settings, timeZone);
    const dueAt = new Date(plan.dueAt).toISOString();
    // The customer company HubSpot already has under this domain (the lowest id when several do).
    const knownCompanyId = customer.domain === null
      ? null
      : records.companies.filter((company) => company.domain === customer.domain).map((company) => company.companyId)
        .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0] ?? null;
    const targets = await this.resolveTargets();
    // Found or created: the customer company (new ones go into the index at once) and contact.
    const { companyId: customerCompanyId, contactId: customerContactId } = await resolveCustomerRecords({
      client, portalId, store, extraFreeMailDomains: settings.conflict.extraFreeMailDomains, customer, knownCompanyId,
      companyName: text(fields.customerCompanyName), contactEmail: text(fields.customerContactEmail), contactName: text(fields.customerContactName), at: submittedAt,
    });
    const properties: Record<string, string> = {
      dealname: text(fields.dealName) || `${text(fields.customerCompanyName) || customer.domain || 'Customer'} – partner registration`,
      pipeline: targets.pipelineId,
      dealstage: targets.submittedStageId,
      pe_partner_company_id: partnerCompanyId,
      pe_registration_status: 'submitted',
      pe_registration_submitted_at: submittedAt.toISOString(),
      pe_registration_due_at: dueAt,
      pe_registration_conflict: check.outcome,
      pe_registration_conflict_summary: summary,
    };
    if (fields.amount !== undefined && fields.amount !== null) properties.amount = (fields.amount / 100).toFixed(2);
    if (text(fields.expectedCloseDate) !== '') properties.closedate = `${text(fields.expectedCloseDate)}T00:00:00.000Z`;
    const partnerTypes = [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: DEAL_TO_COMPANY }];
    if (targets.labelTypeId !== undefined) partnerTypes.push({ associationCategory: 'USER_DEFINED' as never, associationTypeId: targets.labelTypeId });
    const associations = [
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
    const deal = await client.call({ portalId, operation: 'deals.create' }, (sdk) =>
      sdk.crm.deals.basicApi.create({ properties, associations: associations as never }),
    );
    await store.replaceDeals(portalId, [{
      dealId: deal.id,
      deals: customerCompanyId === null ? [] : [{ dealId: deal.id, companyId: customerCompanyId, isRegistration: true, state: 'open', closedOn: null }],
      registration: {
        dealId: deal.id,
        partnerId: partnerCompanyId,
        companyId: customerCompanyId,
        status: 'submitted',
        submittedAt,
        expiresOn: null,
        decidedAt: null,
      },
    }], submittedAt);
    await customers.record(portalId, deal.id, partnerCompanyId, customer, submittedAt, {
      dealName: properties.dealname ?? null,
      customerLabel: text(fields.customerCompanyName) || customer.domain || null,
      conflict: check.outcome,
      dueAt: new Date(plan.dueAt),
      reasons: check.reasons,
    });
    await this.options.sla?.schedule(portalId, deal.id, plan, submittedAt.getTime());
    return { outcome: 'registered', registrationId: deal.id, duplicate: false, conflict: check.outcome, reasons: check.reasons, summary, dueAt, warnings };
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
