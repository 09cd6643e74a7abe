import { DateTime } from 'luxon';

/** A deal a partner sourced outside a registration, on a customer of its own. */
export interface DemoPartnerDeal {
  dealname: string;
  amount: string;
  closedate: string;
  dealstage: 'closedwon' | 'closedlost' | 'contractsent';
  strategic: boolean;
}

/** A customer a partner brought, with the deals it sourced there. */
export interface DemoPartnerCustomer {
  /** Index into the partners given. */
  partner: number;
  name: string;
  domain: string;
  deals: DemoPartnerDeal[];
}

/**
 * Revenue profiles, by partner: a year of wins (in thousands), one win 13–18 months back that has
 * left the trailing 12 months, an open deal, and sometimes a lost one. Against the seed revenue
 * program (Silver 250,000, Gold 1,000,000, Platinum 5,000,000 with 2 strategic wins) some partners
 * qualify above their enablement tier's revenue and some below it.
 */
const PROFILES: Array<{ wins: number[]; strategic: number; old: number; open: number; lost: boolean }> = [
  { wins: [420, 380, 310], strategic: 0, old: 150, open: 200, lost: true }, // Gold-level revenue
  { wins: [120, 95], strategic: 0, old: 400, open: 60, lost: false }, // short of Silver's 250,000
  { wins: [2100, 1800, 1400, 900], strategic: 2, old: 700, open: 1500, lost: true }, // Platinum-level
  { wins: [140, 130], strategic: 0, old: 90, open: 0, lost: true }, // Silver revenue, no pipeline
  { wins: [60], strategic: 0, old: 300, open: 40, lost: false }, // well below Silver
  { wins: [520, 330, 210], strategic: 1, old: 120, open: 450, lost: false }, // Gold revenue, one strategic win
];

/**
 * Two partners whose deals are placed by calendar quarter rather than by months before `today`, so
 * that quarterly governance has something to decide at the close of the last ended quarter
 * whatever the day (docs/governance.md, "The demo portal"): one that starts selling in the quarter
 * before it (two quarters above Registered: it advances), and one that sold every quarter until
 * its pipeline ran dry in that quarter (two quarters without an open deal: it is demoted). Keys
 * are indexes into the partners given; `quarter` counts back from the last ended quarter (0).
 */
const QUARTER_STORIES: Array<{ partner: number; deals: Array<{ thousands: number; quarter: number; dealstage: DemoPartnerDeal['dealstage'] }> }> = [
  {
    partner: 10, // starts selling: Silver's revenue and logos in the last two ended quarters only
    deals: [
      { thousands: 160, quarter: 1, dealstage: 'closedwon' },
      { thousands: 140, quarter: 1, dealstage: 'closedwon' },
      { thousands: 70, quarter: 0, dealstage: 'closedwon' },
      { thousands: 90, quarter: -1, dealstage: 'contractsent' },
    ],
  },
  {
    // Sells every quarter up to the one before the last, when its last open deals were lost: no deal
    // was open at the end of either of the last two ended quarters (a deal won later counts as open before).
    partner: 17,
    deals: [
      ...[6, 5, 4, 3, 2, 1].map((quarter) => ({ thousands: 150, quarter, dealstage: 'closedwon' as const })),
      { thousands: 80, quarter: 1, dealstage: 'closedlost' },
      { thousands: 60, quarter: 1, dealstage: 'closedlost' },
    ],
  },
];

/**
 * Partner-sourced deals over the last 18 months for as many partners as there are profiles, each
 * win on a customer of its own (so it is that customer's first win: a new logo), relative to
 * `today`, and the deals of the quarter stories above. Amounts are whole currency units as HubSpot
 * strings, some with cents.
 */
export function buildDemoPartnerDeals(today: string, partners: number): DemoPartnerCustomer[] {
  const start = DateTime.fromISO(today, { zone: 'utc' }).startOf('day');
  const customers: DemoPartnerCustomer[] = [];
  PROFILES.slice(0, partners).forEach((profile, partner) => {
    const slug = `p${partner + 1}`;
    const deal = (n: number, thousands: number, monthsAgo: number, dealstage: DemoPartnerDeal['dealstage'], strategic = false): DemoPartnerDeal => ({
      dealname: `Partner-sourced deal ${slug}-${n}`,
      // Odd cents on some amounts, so exact minor units are visible.
      amount: n % 2 === 0 ? `${thousands * 1000}` : `${thousands * 1000 - 1}.50`,
      closedate: start.minus({ months: monthsAgo }).plus({ hours: 12 }).toISO()!,
      dealstage,
      strategic,
    });
    const wins = profile.wins.map((thousands, n) => deal(n + 1, thousands, 1 + n * 3, 'closedwon', n < profile.strategic));
    const others = [deal(90, profile.old, 14 + partner % 4, 'closedwon')];
    if (profile.open > 0) others.push({ ...deal(91, profile.open, -2, 'contractsent') });
    if (profile.lost) others.push(deal(92, 75, 5, 'closedlost'));
    [...wins, ...others].forEach((entry, n) => {
      customers.push({ partner, name: `Client ${slug}-${n + 1}`, domain: `client-${slug}-${n + 1}.example`, deals: [entry] });
    });
  });
  // The middle of a calendar quarter, counted back from the last ended one: far from any boundary,
  // so no portal time zone moves a deal into another quarter.
  const lastEnded = start.startOf('quarter').minus({ quarters: 1 });
  for (const story of QUARTER_STORIES.filter((candidate) => candidate.partner < partners)) {
    const slug = `p${story.partner + 1}`;
    story.deals.forEach((entry, n) => {
      const deal: DemoPartnerDeal = {
        dealname: `Partner-sourced deal ${slug}-q${n + 1}`,
        amount: `${entry.thousands * 1000}`,
        closedate: lastEnded.minus({ quarters: entry.quarter }).plus({ days: 45, hours: 12 }).toISO()!,
        dealstage: entry.dealstage,
        strategic: false,
      };
      customers.push({ partner: story.partner, name: `Client ${slug}-q${n + 1}`, domain: `client-${slug}-q${n + 1}.example`, deals: [deal] });
    });
  }
  return customers;
}
