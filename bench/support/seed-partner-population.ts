import { addDays } from '../../src/domain/calendar-date.js';
import { certificationEarnedOnProperty } from '../../src/hubspot/property-names.js';
import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';
import { PARTNER_TYPES, ROLES, TIER_IDS, type Program } from '../../src/program/program-schema.js';
import { appPortalProperties } from '../../src/sandbox/app-portal-properties.js';
import type { ChangeSource } from '../../src/sandbox/crm-store.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { pick, randomInt, randomSource } from './random-source.js';

/** Options of {@link seedPartnerPopulation}. */
export interface PopulationOptions {
  /** Partner companies to create. */
  partners: number;
  /** Seed of the generator: the same seed gives the same population. Default 1. */
  seed?: number;
  /** The population's "today" (`YYYY-MM-DD`): activity and certification dates lie before it. Default 2026-11-15. */
  today?: string;
  /** Contacts per partner, drawn uniformly from this range. Default 0–6 (3 on average). */
  contactsPerPartner?: { min: number; max: number };
  program?: Program;
}

/** What the seed created, in creation order. */
export interface SeededPopulation {
  companyIds: string[];
  contactIds: string[];
  /** Company id → its contact ids. */
  contactsByCompany: Map<string, string[]>;
}

/** The fixed "today" of every bench population. */
export const BENCH_TODAY = '2026-11-15';

/** Seed data is what people typed in HubSpot's UI before the bench starts. */
const SEED_SOURCE: ChangeSource = { kind: 'CRM_UI', userId: 9_100_001 };
const TIME_ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Asia/Kolkata'];

/**
 * Installs the app's properties in a sandbox started with `seed: 'empty'` (as `partner-enablement
 * setup` would) and creates a deterministic population of partner companies with their contacts,
 * straight in the sandbox's store. Start the sandbox without a webhook target (or set it only
 * afterwards): seeding is history, not news, and must not reach the app.
 */
export function seedPartnerPopulation(sandbox: Sandbox, options: PopulationOptions): SeededPopulation {
  const program = options.program ?? DEFAULT_PROGRAM;
  const today = options.today ?? BENCH_TODAY;
  const { min, max } = options.contactsPerPartner ?? { min: 0, max: 6 };
  const store = sandbox.store.raw;
  installAppProperties(sandbox, today);

  const random = randomSource(options.seed ?? 1);
  const certificationIds = Object.keys(program.certifications);
  const tracks = program.trainingTracks;
  const population: SeededPopulation = { companyIds: [], contactIds: [], contactsByCompany: new Map() };
  for (let p = 0; p < options.partners; p++) {
    const created = store.createRecord(
      'companies',
      {
        name: `Bench Partner ${p + 1}`,
        pe_is_partner: 'true',
        pe_partner_type: pick(random, PARTNER_TYPES),
        pe_foundation_complete: random() < 0.75 ? 'true' : 'false',
        pe_sales_modules_completed: String(randomInt(random, 0, tracks.sales.modules ?? 0)),
        pe_technical_modules_completed: String(randomInt(random, 0, tracks.technical.modules ?? 0)),
        pe_advanced_modules_completed: String(randomInt(random, 0, tracks.advanced.modules ?? 0)),
        pe_last_enablement_activity: random() < 0.9 ? addDays(today, -randomInt(random, 0, 200)) : '',
        pe_target_tier: random() < 0.3 ? pick(random, TIER_IDS) : '',
        pe_timezone: pick(random, TIME_ZONES),
      },
      SEED_SOURCE,
    );
    if (!created.ok) throw new Error(`bench company refused: ${created.errors.map((e) => e.message).join('; ')}`);
    const companyId = created.record.id;
    const contactIds: string[] = [];
    const contactCount = randomInt(random, min, max);
    for (let c = 0; c < contactCount; c++) {
      const properties: Record<string, string> = {
        firstname: 'Bench',
        lastname: `Person ${p + 1}.${c + 1}`,
        email: `person-${p + 1}-${c + 1}@partner.example`,
        pe_partner_role: pick(random, ROLES),
      };
      for (const id of certificationIds) {
        // Earned within the last three years: a mix of active, expiring, grace and expired.
        if (random() < 0.3) properties[certificationEarnedOnProperty(id)] = addDays(today, -randomInt(random, 0, 3 * 365));
      }
      const person = store.createRecord('contacts', properties, SEED_SOURCE);
      if (!person.ok) throw new Error(`bench contact refused: ${person.errors.map((e) => e.message).join('; ')}`);
      store.associate('contacts', person.record.id, 'companies', companyId, SEED_SOURCE);
      contactIds.push(person.record.id);
    }
    population.companyIds.push(companyId);
    population.contactIds.push(...contactIds);
    population.contactsByCompany.set(companyId, contactIds);
  }
  return population;
}

// The properties of the default program, as setup leaves them in the portal.
function installAppProperties(sandbox: Sandbox, today: string): void {
  const store = sandbox.store.raw;
  const app = appPortalProperties(`${addDays(today, -400)}T00:00:00.000Z`);
  store.groupsOf('companies').set(app.group.name, { ...app.group });
  store.groupsOf('contacts').set(app.group.name, { ...app.group });
  for (const property of app.companies) store.propertiesOf('companies').set(property.name, property);
  for (const property of app.contacts) store.propertiesOf('contacts').set(property.name, property);
}
