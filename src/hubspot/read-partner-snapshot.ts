import type { ContactSnapshot, PartnerSnapshot } from '../domain/types.js';
import {
  MODULE_TRACK_IDS,
  PARTNER_TYPES,
  ROLES,
  TIER_IDS,
  TRACK_IDS,
  type ModuleTrackId,
  type Program,
} from '../program/program-schema.js';
import type { HubSpotRecord } from './hubspot-record.js';
import { CONTACT_ROLE, certificationEarnedOnProperty } from './property-names.js';
import {
  readBoolean,
  readChoice,
  readChoices,
  readCount,
  readDate,
  readText,
  readTimeZone,
  type NoteProblem,
} from './read-property-value.js';

/** A partner read from HubSpot, with a warning for every value that had to be interpreted. */
export interface ReadPartnerResult {
  snapshot: PartnerSnapshot;
  /** `company 123: pe_sales_modules_completed "abc" is not a number; read as 0` — one per odd value. */
  warnings: string[];
}

const MODULE_PROPERTIES: Record<ModuleTrackId, string> = {
  sales: 'pe_sales_modules_completed',
  technical: 'pe_technical_modules_completed',
  advanced: 'pe_advanced_modules_completed',
};

const CERTIFICATION_INPUT = /^pe_cert_(.+)_earned_on$/;

interface PropertyValue {
  raw: string | null | undefined;
  /** Turns a problem with this value into a warning line naming the record, property and value. */
  note: NoteProblem;
}

type PropertyReader = (name: string) => PropertyValue;

function propertyReader(kind: 'company' | 'contact', record: HubSpotRecord, warnings: string[]): PropertyReader {
  return (name) => {
    const raw = record.properties[name];
    return { raw, note: (problem) => warnings.push(`${kind} ${record.id}: ${name} ${JSON.stringify(raw)} ${problem}`) };
  };
}

function readContact(record: HubSpotRecord, program: Program, timeZone: string, warnings: string[]): ContactSnapshot {
  const property = propertyReader('contact', record, warnings);
  const certificationsEarnedOn: Record<string, string> = {};
  for (const certificationId of Object.keys(program.certifications)) {
    const { raw, note } = property(certificationEarnedOnProperty(certificationId));
    const earnedOn = readDate(raw, timeZone, note);
    if (earnedOn !== null) certificationsEarnedOn[certificationId] = earnedOn;
  }
  for (const [name, value] of Object.entries(record.properties)) {
    const match = CERTIFICATION_INPUT.exec(name);
    if (match && !Object.hasOwn(program.certifications, match[1]!) && readText(value) !== null) {
      warnings.push(`contact ${record.id}: ${name} ${JSON.stringify(value)} is for a certification the program does not have; ignored`);
    }
  }
  const active = property('pe_active_tracks');
  const activeTracks = readChoices(active.raw, TRACK_IDS, active.note);
  const pendingValue = property('pe_pending_tracks');
  const pending = readChoices(pendingValue.raw, TRACK_IDS, pendingValue.note);
  const pendingTracks = pending.filter((track) => !activeTracks.includes(track));
  if (pendingTracks.length < pending.length) {
    const both = pending.filter((track) => activeTracks.includes(track)).join(', ');
    pendingValue.note(`repeats active track(s) ${both}; read as active`);
  }
  const role = property(CONTACT_ROLE);
  return {
    contactId: record.id,
    firstName: readText(record.properties.firstname),
    lastName: readText(record.properties.lastname),
    email: readText(record.properties.email),
    role: readChoice(role.raw, ROLES, role.note),
    certificationsEarnedOn,
    activeTracks,
    pendingTracks,
  };
}

function readModulesCompleted(property: PropertyReader, program: Program): Record<ModuleTrackId, number> {
  const completed = {} as Record<ModuleTrackId, number>;
  for (const track of MODULE_TRACK_IDS) {
    const { modules, name } = program.trainingTracks[track];
    const { raw, note } = property(MODULE_PROPERTIES[track]);
    completed[track] = readCount(raw, note, { max: modules, describe: `the ${modules} modules of the ${name} track` });
  }
  return completed;
}

/**
 * A partner company and its associated contacts, from HubSpot property strings into the shape the
 * rules read. Never throws on a property value: an odd one becomes the nearest sensible value and
 * a warning naming the record, the property and the value. Dates on contacts are read in the
 * company's time zone. Contacts with the same id are read once.
 */
export function readPartnerSnapshot(
  company: HubSpotRecord,
  contacts: readonly HubSpotRecord[],
  program: Program,
): ReadPartnerResult {
  const warnings: string[] = [];
  const property = propertyReader('company', company, warnings);
  const zone = property('pe_timezone');
  const timeZone = readTimeZone(zone.raw, program.defaultTimeZone, zone.note);
  const isPartner = property('pe_is_partner');
  const partnerType = property('pe_partner_type');
  const foundation = property('pe_foundation_complete');
  const lastActivity = property('pe_last_enablement_activity');
  const targetTier = property('pe_target_tier');
  const snapshot: PartnerSnapshot = {
    companyId: company.id,
    name: readText(company.properties.name),
    isPartner: readBoolean(isPartner.raw, isPartner.note),
    partnerType: readChoice(partnerType.raw, PARTNER_TYPES, partnerType.note),
    foundationComplete: readBoolean(foundation.raw, foundation.note),
    modulesCompleted: readModulesCompleted(property, program),
    lastEnablementActivity: readDate(lastActivity.raw, timeZone, lastActivity.note),
    targetTier: readChoice(targetTier.raw, TIER_IDS, targetTier.note),
    timeZone,
    ownerId: readText(company.properties.hubspot_owner_id),
    contacts: [],
  };
  // Set only when there is something to say, so partners without them read as before.
  const agreement = property('pe_agreement_signed_on');
  const agreementSignedOn = readDate(agreement.raw, timeZone, agreement.note);
  if (agreementSignedOn !== null) snapshot.agreementSignedOn = agreementSignedOn;
  if (program.governance.mode === 'quarterly') {
    const official = property('pe_tier');
    snapshot.officialTier = readChoice(official.raw, ['none', ...TIER_IDS] as const, official.note);
  }
  const seen = new Set<string>();
  for (const contact of contacts) {
    if (seen.has(contact.id)) {
      warnings.push(`contact ${contact.id}: listed more than once; read once`);
      continue;
    }
    seen.add(contact.id);
    snapshot.contacts.push(readContact(contact, program, timeZone, warnings));
  }
  return { snapshot, warnings };
}
