import { DateTime } from 'luxon';
import { PARTNER_TYPES, type Program, type Role, type TierOrNone } from '../program/program-schema.js';
import { seededRandom } from './seeded-random.js';

/** A company of the demo portal, with the people to associate with it. */
export interface DemoCompany {
  properties: Record<string, string>;
  /** The tier the rules give it (docs/rules.md, "Tiers") on `today` (partners only). */
  expectedTier: TierOrNone | undefined;
  /** Index into `DemoPortal.owners`. */
  ownerIndex: number;
  contacts: DemoContact[];
}

export interface DemoContact {
  properties: Record<string, string>;
  /** Certification id → the status it was built to have on `today`. */
  certificationStatuses: Record<string, 'active' | 'expiring' | 'grace' | 'expired'>;
}

export interface DemoOwner {
  firstName: string;
  lastName: string;
  email: string;
}

export interface DemoPortal {
  today: string;
  owners: DemoOwner[];
  companies: DemoCompany[];
}

/** Partners per tier: every tier is present, 30 partners in all. */
const TIER_PLAN: Array<{ tier: TierOrNone; count: number }> = [
  { tier: 'none', count: 4 },
  { tier: 'bronze', count: 7 },
  { tier: 'silver', count: 8 },
  { tier: 'gold', count: 6 },
  { tier: 'platinum', count: 5 },
];

const NON_PARTNERS = 4;

// America/New_York and Europe/Berlin observe DST; Asia/Kolkata has a half-hour offset.
const TIME_ZONES = ['Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney', 'Europe/London', 'Asia/Kolkata', 'UTC'];

const COMPANY_WORDS = [
  'Northwind', 'Bluepeak', 'Cobalt', 'Evergreen', 'Harbor', 'Ironbridge', 'Juniper', 'Keystone', 'Lumen', 'Meridian',
  'Nimbus', 'Orchard', 'Pinnacle', 'Quarry', 'Redwood', 'Summit', 'Tidewater', 'Upland', 'Vantage', 'Willow',
  'Yarrow', 'Zephyr', 'Alder', 'Beacon', 'Cascade', 'Driftwood', 'Ember', 'Foxglove', 'Granite', 'Heron',
  'Indigo', 'Jasper', 'Kestrel', 'Larkspur',
];
const COMPANY_SUFFIXES = ['Solutions', 'Systems', 'Consulting', 'Partners', 'Digital', 'Group', 'Labs', 'Networks'];
const FIRST_NAMES = ['Ana', 'Ben', 'Chloe', 'Dev', 'Elif', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Nils', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wen', 'Yusuf', 'Zoe'];
const LAST_NAMES = ['Adler', 'Brandt', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Meyer', 'Nakamura', 'Okafor', 'Patel', 'Rossi', 'Schmidt', 'Tanaka', 'Weber'];

/** Certifications a role usually earns first. */
const ROLE_CERTIFICATIONS: Record<Role, string[]> = {
  sales: ['sales_fundamentals', 'technical_associate', 'master_partner', 'solution_architect'],
  manager: ['sales_fundamentals', 'master_partner', 'technical_associate', 'solution_architect'],
  se: ['technical_associate', 'solution_architect', 'sales_fundamentals', 'master_partner'],
  consultant: ['technical_associate', 'solution_architect', 'sales_fundamentals', 'master_partner'],
  senior: ['solution_architect', 'master_partner', 'technical_associate', 'sales_fundamentals'],
};
const ROLE_ROTATION: Role[] = ['sales', 'se', 'manager', 'consultant', 'senior'];

// Statuses of valid certifications cycle so that every status occurs; days are kept well away
// from the status boundaries so that a partner's time zone never flips one.
const VALID_STATUS_CYCLE = ['active', 'active', 'expiring', 'active', 'grace', 'active', 'expiring'] as const;
const DAYS_TO_EXPIRY = { active: [60, 500], expiring: [3, 25], grace: [-25, -3], expired: [-400, -40] } as const;


/**
 * The demo portal relative to `today`: the same `today` always gives the same portal. Inputs only:
 * the app computes every output property.
 */
export function buildDemoPortal(program: Program, today: string, seed = 20_261_101): DemoPortal {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const day = DateTime.fromISO(today, { zone: 'utc' });
  const iso = (dt: DateTime) => dt.toISODate()!;
  const modules = program.trainingTracks;
  let statusIndex = 0;
  let personIndex = 0;
  const owners: DemoOwner[] = [
    { firstName: 'Alex', lastName: 'Morgan', email: 'alex.morgan@vendor.example' },
    { firstName: 'Sam', lastName: 'Rivera', email: 'sam.rivera@vendor.example' },
    { firstName: 'Jordan', lastName: 'Lee', email: 'jordan.lee@vendor.example' },
    { firstName: 'Robin', lastName: 'Kaur', email: 'robin.kaur@vendor.example' },
  ];

  const companies: DemoCompany[] = [];
  const partnerCount = TIER_PLAN.reduce((sum, plan) => sum + plan.count, 0);
  const nameFor = (index: number) => `${COMPANY_WORDS[index % COMPANY_WORDS.length]} ${COMPANY_SUFFIXES[index % COMPANY_SUFFIXES.length]}`;
  const domainFor = (index: number) => `${COMPANY_WORDS[index % COMPANY_WORDS.length]!.toLowerCase()}.example`;

  const makeContact = (domain: string, role: Role | undefined): DemoContact => {
    const first = FIRST_NAMES[personIndex % FIRST_NAMES.length]!;
    const last = LAST_NAMES[(personIndex * 7) % LAST_NAMES.length]!;
    personIndex += 1;
    return {
      properties: {
        firstname: first,
        lastname: last,
        email: `${first.toLowerCase()}.${last.toLowerCase()}${personIndex}@${domain}`,
        ...(role ? { pe_partner_role: role } : {}),
      },
      certificationStatuses: {},
    };
  };

  const award = (contacts: DemoContact[], status: 'active' | 'expiring' | 'grace' | 'expired', start: number): boolean => {
    for (let offset = 0; offset < contacts.length; offset += 1) {
      const contact = contacts[(start + offset) % contacts.length]!;
      const role = (contact.properties.pe_partner_role ?? 'sales') as Role;
      const certificationId = ROLE_CERTIFICATIONS[role].find((id) => program.certifications[id] && !contact.certificationStatuses[id]);
      if (!certificationId) continue;
      const [low, high] = DAYS_TO_EXPIRY[status];
      const validityYears = program.certifications[certificationId]!.validityYears;
      // Earned by yesterday at the latest: a certification earned after today does not count yet.
      const latestExpiry = day.plus({ years: validityYears }).minus({ days: 1 });
      const drawn = day.plus({ days: between(low, high) });
      const expiresOn = drawn > latestExpiry ? latestExpiry : drawn;
      const earnedOn = expiresOn.minus({ years: validityYears });
      // The portal's input property for the certification (see app-portal-properties.ts).
      contact.properties[`pe_cert_${certificationId}_earned_on`] = iso(earnedOn);
      contact.certificationStatuses[certificationId] = status;
      return true;
    }
    return false;
  };

  let index = 0;
  for (const { tier, count } of TIER_PLAN) {
    for (let n = 0; n < count; n += 1, index += 1) {
      const domain = domainFor(index);
      const contactCount = tier === 'platinum' ? between(4, 5) : between(2, 4);
      const contacts = Array.from({ length: contactCount }, (_, i) => makeContact(domain, ROLE_ROTATION[(index + i) % ROLE_ROTATION.length]));
      const valid = { none: between(0, 1), bronze: between(0, 2), silver: between(1, 3), gold: between(2, 4), platinum: between(3, 5) }[tier];
      for (let c = 0; c < valid; c += 1) {
        award(contacts, VALID_STATUS_CYCLE[statusIndex++ % VALID_STATUS_CYCLE.length]!, c);
      }
      if (index % 3 === 0) award(contacts, 'expired', valid);
      const rank = ['none', 'bronze', 'silver', 'gold', 'platinum'].indexOf(tier);
      const properties: Record<string, string> = {
        name: nameFor(index),
        domain,
        pe_is_partner: 'true',
        pe_partner_type: PARTNER_TYPES[index % PARTNER_TYPES.length]!,
        pe_foundation_complete: rank >= 1 ? 'true' : 'false',
        // Each tier completes exactly the tracks it needs and stops short on the next one.
        pe_sales_modules_completed: String(rank >= 2 ? (modules.sales.modules) : between(0, modules.sales.modules - 1)),
        pe_technical_modules_completed: String(rank >= 3 ? modules.technical.modules : between(0, modules.technical.modules - 1)),
        pe_advanced_modules_completed: String(rank >= 4 ? modules.advanced.modules : between(0, Math.max(0, modules.advanced.modules - 1))),
        pe_last_enablement_activity: iso(day.minus({ days: between(1, 150) })),
      };
      if (index % 5 !== 4) properties.pe_timezone = TIME_ZONES[index % TIME_ZONES.length]!;
      // Most partners have signed the partner agreement (a revenue program's entry requirement).
      if (rank >= 1 && index % 6 !== 5) properties.pe_agreement_signed_on = iso(day.minus({ days: 200 + index * 11 }));
      if (rank < 4 && index % 4 === 1) properties.pe_target_tier = ['bronze', 'silver', 'gold', 'platinum'][Math.min(3, rank + 1)]!;
      companies.push({ properties, expectedTier: tier, ownerIndex: index % owners.length, contacts });
    }
  }

  for (let n = 0; n < NON_PARTNERS; n += 1) {
    const at = partnerCount + n;
    const domain = domainFor(at);
    companies.push({
      properties: { name: nameFor(at), domain, ...(n % 2 === 0 ? { pe_is_partner: 'false' } : {}), ...(n === 0 ? { pe_timezone: pick(TIME_ZONES) } : {}) },
      expectedTier: undefined,
      ownerIndex: at % owners.length,
      contacts: [makeContact(domain, undefined), makeContact(domain, undefined)],
    });
  }
  return { today, owners, companies };
}
