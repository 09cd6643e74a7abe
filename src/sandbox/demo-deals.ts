import { DateTime } from 'luxon';

/** A customer of the vendor: a company with a domain and one contact. */
export interface DemoCustomer {
  key: string;
  name: string;
  domain: string;
  contact: { firstname: string; lastname: string; email: string };
}

/** A deal of the vendor's own sales team, in the default pipeline. */
export interface DemoDirectDeal {
  customer: string;
  dealname: string;
  dealstage: string;
  amount: string;
  closedate: string;
}

export type RegistrationStatus = 'submitted' | 'approved' | 'rejected' | 'expired' | 'won' | 'lost';

/** A partner's registration: a deal in the Partner registrations pipeline. */
export interface DemoRegistration {
  customer: string;
  /** Index into the partners allowed to register deals. */
  partner: number;
  status: RegistrationStatus;
  dealname: string;
  amount: string;
  closedate: string;
  properties: Record<string, string>;
}

export interface DemoDeals {
  customers: DemoCustomer[];
  directDeals: DemoDirectDeal[];
  registrations: DemoRegistration[];
}

/** The stages of the Partner registrations pipeline, by the status each holds. */
export const REGISTRATION_STAGES: Array<{ status: RegistrationStatus; label: string; probability: string; isClosed: boolean }> = [
  { status: 'submitted', label: 'Submitted', probability: '0.1', isClosed: false },
  { status: 'approved', label: 'Approved', probability: '0.4', isClosed: false },
  { status: 'won', label: 'Won', probability: '1.0', isClosed: true },
  { status: 'lost', label: 'Lost', probability: '0.0', isClosed: true },
  { status: 'rejected', label: 'Rejected', probability: '0.0', isClosed: true },
  { status: 'expired', label: 'Expired', probability: '0.0', isClosed: true },
];

const CUSTOMERS: DemoCustomer[] = [
  ['corvid', 'Corvid Logistics', 'corvid-logistics.example', 'Mara', 'Lindqvist'],
  ['quillon', 'Quillon Insurance', 'quillon.example', 'Theo', 'Baptiste'],
  ['tessellate', 'Tessellate Media', 'tessellate.example', 'Noor', 'Haddad'],
  ['brightlane', 'Brightlane Retail', 'brightlane.co.uk', 'Callum', 'Reid'],
  // The same company name under another domain: a registration on either is only `possible`.
  ['brightlane-other', 'Brightlane Retail', 'brightlane-retail.example', 'Fiona', 'Marsh'],
  ['halcyon', 'Halcyon Health', 'halcyon-health.example', 'Ivo', 'Petrov'],
  ['marlowe', 'Marlowe Foods', 'marlowefoods.example', 'June', 'Okoro'],
  // A subdomain on the company, the registrable domain on the contact.
  ['vireo', 'Vireo Energy', 'eu.vireo-energy.example', 'Sofia', 'Brandt'],
  ['orrery', 'Orrery Analytics', 'orrery.example', 'Kenji', 'Mori'],
  ['lattice', 'Lattice Robotics', 'lattice-robotics.example', 'Ada', 'Novak'],
].map(([key, name, domain, firstname, lastname]) => ({
  key: key!,
  name: name!,
  domain: domain!,
  contact: { firstname: firstname!, lastname: lastname!, email: `${firstname!.toLowerCase()}.${lastname!.toLowerCase()}@${domain!.replace(/^eu\./, '')}` },
}));

/**
 * Customers, the vendor's own deals and partners' registrations relative to `today`, built so
 * that the conflict check (docs/registrations.md, "Conflict check") finds every outcome on the first run:
 * a registration on a customer with an open direct deal or another partner's approved claim
 * (`conflict`), on a customer won directly in the last year or sharing its name with another
 * company (`possible`), and on a customer nobody else touches (`none`); and one registration in
 * every status, a pending one already past its decision deadline, an approval within its expiry
 * notice.
 */
export function buildDemoDeals(today: string): DemoDeals {
  const start = DateTime.fromISO(today, { zone: 'utc' }).set({ hour: 9 });
  const at = (hours: number) => start.plus({ hours }).toISO({ suppressMilliseconds: false })!;
  const date = (days: number) => start.plus({ days }).toISODate()!;
  const closeAt = (days: number) => start.plus({ days }).startOf('day').toISO()!;

  const directDeals: DemoDirectDeal[] = [
    { customer: 'corvid', dealname: 'Corvid Logistics – fleet rollout', dealstage: 'qualifiedtobuy', amount: '36000', closedate: closeAt(30) },
    { customer: 'halcyon', dealname: 'Halcyon Health – renewal', dealstage: 'contractsent', amount: '52000', closedate: closeAt(14) },
    { customer: 'tessellate', dealname: 'Tessellate Media – platform', dealstage: 'closedwon', amount: '18000', closedate: closeAt(-120) },
    { customer: 'marlowe', dealname: 'Marlowe Foods – pilot', dealstage: 'closedlost', amount: '9000', closedate: closeAt(-200) },
  ];

  const submitted = (hoursAgo: number) => ({
    pe_registration_status: 'submitted',
    pe_registration_submitted_at: at(-hoursAgo),
    pe_registration_due_at: at(48 - hoursAgo),
  });
  const approved = (submittedDaysAgo: number, decidedDaysAgo: number) => ({
    pe_registration_status: 'approved',
    pe_registration_submitted_at: at(-24 * submittedDaysAgo),
    pe_registration_due_at: at(48 - 24 * submittedDaysAgo),
    pe_registration_decided_at: at(-24 * decidedDaysAgo),
    pe_registration_expires_on: date(90 - decidedDaysAgo),
  });

  const registrations: DemoRegistration[] = [
    { customer: 'corvid', partner: 0, status: 'submitted', dealname: 'Corvid Logistics – warehouse automation', amount: '42000', closedate: closeAt(45), properties: submitted(6) },
    { customer: 'quillon', partner: 2, status: 'approved', dealname: 'Quillon Insurance – claims portal', amount: '60000', closedate: closeAt(40), properties: approved(20, 19) },
    { customer: 'quillon', partner: 1, status: 'submitted', dealname: 'Quillon Insurance – analytics', amount: '25000', closedate: closeAt(60), properties: submitted(20) },
    // Submitted three days ago and still undecided: past its 48-hour deadline.
    { customer: 'tessellate', partner: 0, status: 'submitted', dealname: 'Tessellate Media – expansion', amount: '15000', closedate: closeAt(50), properties: submitted(72) },
    { customer: 'brightlane', partner: 3, status: 'submitted', dealname: 'Brightlane Retail – stores', amount: '31000', closedate: closeAt(75), properties: submitted(2) },
    // Approved 80 days ago: its protection lapses within the 14-day notice.
    { customer: 'lattice', partner: 1, status: 'approved', dealname: 'Lattice Robotics – line control', amount: '27000', closedate: closeAt(20), properties: approved(81, 80) },
    { customer: 'orrery', partner: 3, status: 'submitted', dealname: 'Orrery Analytics – first project', amount: '12000', closedate: closeAt(35), properties: submitted(30) },
    {
      customer: 'halcyon',
      partner: 1,
      status: 'rejected',
      dealname: 'Halcyon Health – patient app',
      amount: '40000',
      closedate: closeAt(25),
      properties: {
        pe_registration_status: 'rejected',
        pe_registration_submitted_at: at(-24 * 11),
        pe_registration_due_at: at(48 - 24 * 11),
        pe_registration_decided_at: at(-24 * 10),
        pe_registration_rejection_reason: 'Halcyon Health is in a direct renewal with our sales team.',
      },
    },
    {
      customer: 'marlowe',
      partner: 3,
      status: 'expired',
      dealname: 'Marlowe Foods – supply planning',
      amount: '22000',
      closedate: closeAt(-40),
      properties: { ...approved(121, 120), pe_registration_status: 'expired', pe_registration_expires_on: date(-30) },
    },
    {
      customer: 'vireo',
      partner: 2,
      status: 'won',
      dealname: 'Vireo Energy – grid monitoring',
      amount: '48000',
      closedate: closeAt(-45),
      properties: { ...approved(100, 99), pe_registration_status: 'won' },
    },
    {
      customer: 'orrery',
      partner: 0,
      status: 'lost',
      dealname: 'Orrery Analytics – dashboards',
      amount: '8000',
      closedate: closeAt(-60),
      properties: { ...approved(150, 149), pe_registration_status: 'lost', pe_registration_expires_on: date(-59) },
    },
  ];
  return { customers: CUSTOMERS, directDeals, registrations };
}
