import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';
import type { Program } from '../../src/program/program-schema.js';
import type { ContactSnapshot, PartnerSnapshot } from '../../src/domain/types.js';

let sequence = 0;
const nextId = (): string => String(++sequence);

/** A partner contact with no certifications and no tracks; override what the test is about. */
export function aContact(overrides: Partial<ContactSnapshot> = {}): ContactSnapshot {
  const contactId = overrides.contactId ?? `contact-${nextId()}`;
  return {
    contactId,
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `${contactId}@partner.example`,
    role: 'sales',
    certificationsEarnedOn: {},
    activeTracks: [],
    pendingTracks: [],
    ...overrides,
  };
}

/** A partner company that has done nothing yet (tier `none`), in UTC, with no contacts. */
export function aPartner(overrides: Partial<PartnerSnapshot> = {}): PartnerSnapshot {
  return {
    companyId: `company-${nextId()}`,
    name: 'Acme Partners',
    isPartner: true,
    partnerType: 'reseller',
    foundationComplete: false,
    modulesCompleted: { sales: 0, technical: 0, advanced: 0 },
    lastEnablementActivity: null,
    targetTier: null,
    timeZone: 'UTC',
    ownerId: null,
    contacts: [],
    ...overrides,
  };
}

/**
 * A partner with every training track complete and recent activity on `asOf`; add contacts with
 * certifications to move it between tiers.
 */
export function aTrainedPartner(asOf: string, overrides: Partial<PartnerSnapshot> = {}): PartnerSnapshot {
  return aPartner({
    foundationComplete: true,
    modulesCompleted: { sales: 8, technical: 10, advanced: 6 },
    lastEnablementActivity: asOf,
    ...overrides,
  });
}

type ProgramOverrides = { [K in keyof Program]?: Program[K] extends unknown[] ? Program[K] : Partial<Program[K]> | Program[K] };

/**
 * The default program with some numbers changed; objects are merged one level deep, so
 * `aProgram({ scoreWeights: { recentActivity: 0 } })` keeps the other weights.
 */
export function aProgram(overrides: ProgramOverrides = {}): Program {
  const program = structuredClone(DEFAULT_PROGRAM) as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const base = program[key];
    program[key] =
      value && typeof value === 'object' && !Array.isArray(value) && base && typeof base === 'object'
        ? { ...(base as object), ...(value as object) }
        : value;
  }
  return program as Program;
}
