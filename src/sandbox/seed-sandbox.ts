import { DateTime } from 'luxon';
import { DEFAULT_PROGRAM } from '../program/default-program.js';
import type { TierOrNone } from '../program/program-schema.js';
import { appPortalProperties } from './app-portal-properties.js';
import { associationTypeId, PRIMARY_TYPE_IDS, type ChangeSource, type CrmStore } from './crm-store.js';
import { buildDemoDeals, REGISTRATION_STAGES, type RegistrationStatus } from './demo-deals.js';
import { buildDemoPartnerDeals } from './demo-partner-deals.js';
import { buildDemoPortal } from './demo-portal.js';
import { registrationDealProperties } from './registration-deal-properties.js';

/** What the seed put in the portal, for tests and the demo to refer to. */
export interface SeedSummary {
  kind: 'demo' | 'empty';
  /** The demo's "today" (`YYYY-MM-DD`). */
  today: string;
  partners: Array<{ id: string; name: string; expectedTier: TierOrNone; contactIds: string[] }>;
  /** Companies that are not partners: the demo's non-partners first, then the customers. */
  nonPartnerIds: string[];
  contactCount: number;
  /** The vendor's customers (not partners), with their domains and contacts. */
  customers: Array<{ id: string; name: string; domain: string; contactId: string }>;
  /** The vendor's own deals in the default pipeline. */
  directDealIds: string[];
  /** Partners' registrations: deals with `pe_registration_status`. */
  registrations: Array<{ id: string; status: RegistrationStatus; partnerId: string; customerId: string }>;
  /** The Partner registrations pipeline; `default` when the plan allows no second pipeline. */
  registrationPipelineId: string | undefined;
  /** Type id of the deal→company label *Registered partner*; undefined when the plan has no custom labels. */
  registeredPartnerTypeId: number | undefined;
}

export interface SeedPlan {
  customAssociationLabels: boolean;
}

/** Seed data is what a person typed in HubSpot: a UI source, and no webhooks (listeners attach later). */
const SEED_SOURCE: ChangeSource = { kind: 'CRM_UI', userId: 9_100_001 };

export function seedSandbox(
  store: CrmStore,
  kind: 'demo' | 'empty',
  today = DateTime.utc().toISODate()!,
  plan: SeedPlan = { customAssociationLabels: true },
): SeedSummary {
  const summary: SeedSummary = {
    kind,
    today,
    partners: [],
    nonPartnerIds: [],
    contactCount: 0,
    customers: [],
    directDealIds: [],
    registrations: [],
    registrationPipelineId: undefined,
    registeredPartnerTypeId: undefined,
  };
  if (kind === 'empty') return summary;
  const at = DateTime.fromISO(today, { zone: 'utc' }).minus({ days: 400 }).toISO()!;
  const app = appPortalProperties(at);
  store.groupsOf('companies').set(app.group.name, { ...app.group });
  store.groupsOf('contacts').set(app.group.name, { ...app.group });
  for (const property of app.companies) store.propertiesOf('companies').set(property.name, property);
  for (const property of app.contacts) store.propertiesOf('contacts').set(property.name, property);
  store.groupsOf('deals').set(app.group.name, { ...app.group });
  for (const property of registrationDealProperties(at)) store.propertiesOf('deals').set(property.name, property);

  const portal = buildDemoPortal(DEFAULT_PROGRAM, today);
  const ownerIds = portal.owners.map((owner, index) => {
    const id = String(90_000_001 + index);
    store.owners.push({ id, ...owner, userId: 9_100_001 + index, createdAt: at, updatedAt: at, archived: false });
    return id;
  });
  for (const company of portal.companies) {
    const created = store.createRecord('companies', { ...company.properties, hubspot_owner_id: ownerIds[company.ownerIndex] }, SEED_SOURCE);
    if (!created.ok) throw new Error(`demo company refused: ${created.errors.map((e) => e.message).join('; ')}`);
    const contactIds = company.contacts.map((contact) => {
      const person = store.createRecord('contacts', contact.properties, SEED_SOURCE);
      if (!person.ok) throw new Error(`demo contact refused: ${person.errors.map((e) => e.message).join('; ')}`);
      store.associate('contacts', person.record.id, 'companies', created.record.id, SEED_SOURCE);
      return person.record.id;
    });
    summary.contactCount += contactIds.length;
    if (company.expectedTier) {
      summary.partners.push({ id: created.record.id, name: company.properties.name ?? '', expectedTier: company.expectedTier, contactIds });
    } else {
      summary.nonPartnerIds.push(created.record.id);
    }
  }
  seedDeals(store, summary, plan, ownerIds);
  return summary;
}

/** Customers, direct deals and registrations (see demo-deals.ts), with the pipeline and label setup makes. */
function seedDeals(store: CrmStore, summary: SeedSummary, plan: SeedPlan, ownerIds: string[]): void {
  const demo = buildDemoDeals(summary.today);
  const must = <T extends { ok: boolean }>(result: T, what: string): Extract<T, { ok: true }> => {
    if (!result.ok) throw new Error(`demo ${what} refused: ${JSON.stringify(result)}`);
    return result as Extract<T, { ok: true }>;
  };
  // Registrations need a second deal pipeline; without one they stay in the default pipeline.
  const stageOf = new Map<RegistrationStatus, string>();
  if (store.pipelines.hasRoom()) {
    const created = must(
      store.pipelines.create({
        label: 'Partner registrations',
        stages: REGISTRATION_STAGES.map((stage, displayOrder) => ({
          label: stage.label,
          displayOrder,
          metadata: { probability: stage.probability, isClosed: String(stage.isClosed) },
        })),
      }),
      'pipeline',
    );
    summary.registrationPipelineId = created.pipeline.id;
    REGISTRATION_STAGES.forEach((stage, index) => stageOf.set(stage.status, created.pipeline.stages[index]!.id));
  } else {
    summary.registrationPipelineId = 'default';
    for (const { status } of REGISTRATION_STAGES) {
      stageOf.set(status, status === 'won' ? 'closedwon' : status === 'submitted' || status === 'approved' ? 'appointmentscheduled' : 'closedlost');
    }
  }
  if (plan.customAssociationLabels) {
    const label = must(store.labels.create('deals', 'companies', { label: 'Registered partner', name: 'registered_partner', inverseLabel: 'Registered deal' }), 'label');
    summary.registeredPartnerTypeId = label.forward.typeId;
  }

  const customers = new Map<string, { id: string; contactId: string; ownerId: string }>();
  demo.customers.forEach((customer, index) => {
    const ownerId = ownerIds[index % ownerIds.length]!;
    const company = must(store.createRecord('companies', { name: customer.name, domain: customer.domain, hubspot_owner_id: ownerId }, SEED_SOURCE), 'customer');
    const contact = must(store.createRecord('contacts', customer.contact, SEED_SOURCE), 'customer contact');
    store.associate('contacts', contact.record.id, 'companies', company.record.id, SEED_SOURCE);
    customers.set(customer.key, { id: company.record.id, contactId: contact.record.id, ownerId });
    summary.customers.push({ id: company.record.id, name: customer.name, domain: customer.domain, contactId: contact.record.id });
    summary.nonPartnerIds.push(company.record.id);
    summary.contactCount += 1;
  });

  const dealOn = (customerKey: string, properties: Record<string, string>): { dealId: string; customerId: string } => {
    const customer = customers.get(customerKey)!;
    const deal = must(store.createRecord('deals', { hubspot_owner_id: customer.ownerId, ...properties }, SEED_SOURCE), 'deal');
    const dealId = deal.record.id;
    store.associate('deals', dealId, 'companies', customer.id, SEED_SOURCE, PRIMARY_TYPE_IDS.deals!.companies);
    store.associate('deals', dealId, 'contacts', customer.contactId, SEED_SOURCE);
    return { dealId, customerId: customer.id };
  };

  for (const deal of demo.directDeals) {
    const { customer, ...properties } = deal;
    summary.directDealIds.push(dealOn(customer, { ...properties, pipeline: 'default' }).dealId);
  }

  const registrants = summary.partners.filter((partner) => partner.expectedTier === 'silver' || partner.expectedTier === 'gold' || partner.expectedTier === 'platinum');
  for (const registration of demo.registrations) {
    const partner = registrants[registration.partner % registrants.length]!;
    const { dealId, customerId } = dealOn(registration.customer, {
      dealname: registration.dealname,
      amount: registration.amount,
      closedate: registration.closedate,
      pipeline: summary.registrationPipelineId,
      dealstage: stageOf.get(registration.status)!,
      pe_partner_company_id: partner.id,
      ...registration.properties,
    });
    store.associate('deals', dealId, 'companies', partner.id, SEED_SOURCE, summary.registeredPartnerTypeId ?? associationTypeId('deals', 'companies'));
    summary.registrations.push({ id: dealId, status: registration.status, partnerId: partner.id, customerId });
  }
  seedPartnerSourcedDeals(store, summary, registrants, ownerIds);
}

/**
 * Deals partners sourced over the last 18 months, each on a customer of its own (see
 * demo-partner-deals.ts), so revenue-based tiers and partner health have something to read.
 */
function seedPartnerSourcedDeals(store: CrmStore, summary: SeedSummary, partners: SeedSummary['partners'], ownerIds: string[]): void {
  const demo = buildDemoPartnerDeals(summary.today, partners.length);
  demo.forEach((customer, index) => {
    const partner = partners[customer.partner]!;
    const ownerId = ownerIds[index % ownerIds.length]!;
    const company = store.createRecord('companies', { name: customer.name, domain: customer.domain, hubspot_owner_id: ownerId }, SEED_SOURCE);
    if (!company.ok) throw new Error(`demo partner customer refused: ${JSON.stringify(company.errors)}`);
    summary.nonPartnerIds.push(company.record.id);
    for (const entry of customer.deals) {
      const deal = store.createRecord(
        'deals',
        {
          dealname: entry.dealname,
          amount: entry.amount,
          closedate: entry.closedate,
          pipeline: 'default',
          dealstage: entry.dealstage,
          pe_partner_company_id: partner.id,
          ...(entry.strategic ? { pe_strategic: 'true' } : {}),
          hubspot_owner_id: ownerId,
        },
        SEED_SOURCE,
      );
      if (!deal.ok) throw new Error(`demo partner deal refused: ${JSON.stringify(deal.errors)}`);
      store.associate('deals', deal.record.id, 'companies', company.record.id, SEED_SOURCE, PRIMARY_TYPE_IDS.deals!.companies);
      store.associate('deals', deal.record.id, 'companies', partner.id, SEED_SOURCE, associationTypeId('deals', 'companies'));
    }
  });
}
