import { DateTime } from 'luxon';
import { DEFAULT_PROGRAM } from '../program/default-program.js';
import type { TierOrNone } from '../program/program-schema.js';
import { appPortalProperties } from './app-portal-properties.js';
import type { ChangeSource, CrmStore } from './crm-store.js';
import { buildDemoPortal } from './demo-portal.js';

/** What the seed put in the portal, for tests and the demo to refer to. */
export interface SeedSummary {
  kind: 'demo' | 'empty';
  /** The demo's "today" (`YYYY-MM-DD`). */
  today: string;
  partners: Array<{ id: string; name: string; expectedTier: TierOrNone; contactIds: string[] }>;
  nonPartnerIds: string[];
  contactCount: number;
}

/** Seed data is what a person typed in HubSpot: a UI source, and no webhooks (listeners attach later). */
const SEED_SOURCE: ChangeSource = { kind: 'CRM_UI', userId: 9_100_001 };

export function seedSandbox(store: CrmStore, kind: 'demo' | 'empty', today = DateTime.utc().toISODate()!): SeedSummary {
  const summary: SeedSummary = { kind, today, partners: [], nonPartnerIds: [], contactCount: 0 };
  if (kind === 'empty') return summary;
  const at = DateTime.fromISO(today, { zone: 'utc' }).minus({ days: 400 }).toISO()!;
  const app = appPortalProperties(at);
  store.groupsOf('companies').set(app.group.name, { ...app.group });
  store.groupsOf('contacts').set(app.group.name, { ...app.group });
  for (const property of app.companies) store.propertiesOf('companies').set(property.name, property);
  for (const property of app.contacts) store.propertiesOf('contacts').set(property.name, property);

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
  return summary;
}
