import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import { addDays, todayIn } from '../domain/calendar-date.js';
import { dealFactsAsOf } from '../domain/governance/deal-facts-as-of.js';
import { firstWinsByCustomer } from '../domain/governance/first-wins-by-customer.js';
import { quarterCloseInstant } from '../domain/governance/quarter-close-instant.js';
import { quarterContaining } from '../domain/governance/quarter-containing.js';
import type { Quarter, QuarterQualification } from '../domain/governance/types.js';
import { closeOutputsOf } from '../governance/compose-close-activities.js';
import { planPartnerClose, type PartnerAtClose } from '../governance/plan-partner-close.js';
import { QuarterCloseStore } from '../governance/quarter-close-store.js';
import { readDealFactsOfPartners } from '../governance/read-deal-facts-of-partners.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import { readPartnerSnapshot } from '../hubspot/read-partner-snapshot.js';
import type { Program, TierOrNone } from '../program/program-schema.js';
import { sweepPartnerIds } from '../recalculation/sweep-partner-ids.js';

/** At most this many past quarters are built: the demo deals reach back 18 months. */
const MAX_HISTORY_QUARTERS = 6;

/** Partners per load: one association read and ten company reads. */
const PARTNERS_PER_LOAD = 1_000;

export interface DemoTierHistoryOptions {
  db: Kysely<Database>;
  program: Program;
  repository: Pick<PartnerRepository, 'searchPartnerIds' | 'loadPartners' | 'writeOutputs'>;
  portalId: string;
  /** The portal's time zone: quarters close at midnight there. */
  timeZone: string;
  /** The quarter the next close closes (the last ended one): the history stops before it. */
  nextClose: Quarter;
}

/** What building the history did. */
export interface DemoTierHistory {
  /** The quarters closed in PostgreSQL, oldest first; empty when nothing was built. */
  quarters: string[];
  partners: number;
  /** Partners whose official tier the history moved at least once. */
  moved: number;
  /** Partners whose governance outputs were written to HubSpot (the state after the last quarter). */
  written: number;
}

/** A partner's official state between the history's closes: what HubSpot would hold had they run. */
interface RunningState {
  official: TierOrNone;
  proposed: TierOrNone | null;
  status: string | null;
  history: Array<QuarterQualification & { proposed: TierOrNone | null }>;
  moved: boolean;
}

function previousQuarter(quarter: Quarter, fiscalYearStartMonth: number): Quarter {
  return quarterContaining(addDays(quarter.firstDay, -1), fiscalYearStartMonth);
}

/** The closed quarters before `nextClose` that the partners' closed deals reach, oldest first. */
function historyQuarters(nextClose: Quarter, earliestClose: number | null, timeZone: string, fiscalYearStartMonth: number): Quarter[] {
  if (earliestClose === null) return [];
  const earliestDay = todayIn(timeZone, earliestClose);
  const quarters: Quarter[] = [];
  let quarter = previousQuarter(nextClose, fiscalYearStartMonth);
  while (quarters.length < MAX_HISTORY_QUARTERS && quarter.lastDay >= earliestDay) {
    quarters.unshift(quarter);
    quarter = previousQuarter(quarter, fiscalYearStartMonth);
  }
  return quarters;
}

async function loadAllPartners(options: DemoTierHistoryOptions): Promise<PartnerAtClose[]> {
  const ids: string[] = [];
  await sweepPartnerIds(options.repository, async (page) => {
    ids.push(...page);
  });
  const partners: PartnerAtClose[] = [];
  for (let index = 0; index < ids.length; index += PARTNERS_PER_LOAD) {
    const loaded = await options.repository.loadPartners(ids.slice(index, index + PARTNERS_PER_LOAD));
    for (const { company, contacts } of loaded.partners) {
      const { snapshot } = readPartnerSnapshot(company, contacts, options.program);
      if (snapshot.isPartner) partners.push({ company, snapshot });
    }
  }
  return partners;
}

/** The partner as HubSpot would show it with `state` as its official governance state. */
function asOfficial(partner: PartnerAtClose, state: Pick<RunningState, 'official' | 'proposed' | 'status'>): PartnerAtClose {
  const properties = { ...partner.company.properties, pe_tier: state.official, pe_tier_proposed: state.proposed ?? '', pe_program_status: state.status ?? '' };
  return { company: { ...partner.company, properties }, snapshot: partner.snapshot };
}

/**
 * The demo portal stands for a program that has been running (docs/governance.md, "The demo
 * portal"): in `quarterly` governance, when the portal has no tier snapshot yet, the quarters
 * before the next close that the partners' deals reach are closed one after the other, oldest
 * first, by the close's own decision (`planPartnerClose`) on each quarter's last day — the deals
 * as they stood at its close, the enablement as the records hold it — so every counter is a
 * consequence of the demo data. Each partner joins at the tier it qualified for in the first of
 * them. Those quarters write their snapshots and finished closes in PostgreSQL only: no note and no
 * task. HubSpot then gets, once, what the last of them left (official tier, counters, outlook,
 * status), so the next close by hand continues from there. Only sandbox mode calls this; a real
 * portal's history is never invented.
 */
export async function seedDemoTierHistory(options: DemoTierHistoryOptions): Promise<DemoTierHistory> {
  const { db, program, portalId, timeZone } = options;
  const none: DemoTierHistory = { quarters: [], partners: 0, moved: 0, written: 0 };
  if (program.governance.mode !== 'quarterly') return none;
  const existing = await db.selectFrom('tier_snapshots').select(sql<number>`1`.as('one')).where('portal_id', '=', portalId).limit(1).executeTakeFirst();
  if (existing) return none;

  const partners = await loadAllPartners(options);
  const ids = partners.map((partner) => partner.company.id);
  const facts = await readDealFactsOfPartners(db, portalId, ids);
  const closes = [...facts.byPartner.values()].flat().flatMap((deal) => (deal.isClosed && deal.closedAt !== null ? [deal.closedAt] : []));
  const earliest = closes.length > 0 ? Math.min(...closes) : null;
  const quarters = historyQuarters(options.nextClose, earliest, timeZone, program.governance.fiscalYearStartMonth);
  if (quarters.length === 0) return { ...none, partners: partners.length };

  const store = new QuarterCloseStore(db);
  const states = new Map<string, RunningState>();
  for (const quarter of quarters) {
    const closesAt = quarterCloseInstant(quarter, timeZone);
    const firstWins = firstWinsByCustomer(dealFactsAsOf(facts.customerWins, closesAt));
    const planned = partners.map((partner) => {
      const deals = dealFactsAsOf(facts.byPartner.get(partner.company.id) ?? [], closesAt);
      const plan = (state: RunningState) => planPartnerClose({ partner: asOfficial(partner, state), program, quarter, history: state.history, deals, firstWins });
      let state = states.get(partner.company.id);
      if (!state) {
        // A partner joins the program at the tier it qualifies for, as a first evaluation gives it.
        const joining: RunningState = { official: 'none', proposed: null, status: null, history: [], moved: false };
        state = { ...joining, official: plan(joining).qualifiedTier };
      }
      const decided = plan(state);
      states.set(partner.company.id, {
        official: decided.tierAfter,
        proposed: decided.proposedTier,
        status: decided.programStatus,
        history: [...state.history, { quarter: quarter.label, qualified: decided.qualifiedTier, proposed: decided.proposedTier }],
        moved: state.moved || decided.tierAfter !== decided.tierBefore,
      });
      return decided;
    });
    await store.claim(portalId, quarter.label, closesAt, Number.MAX_SAFE_INTEGER);
    await store.insertSnapshots(portalId, quarter.label, planned, closesAt);
    await store.finish(portalId, quarter.label, closesAt);
  }

  const last = await store.snapshotsOf(portalId, quarters.at(-1)!.label, ids);
  const written = await options.repository.writeOutputs(
    partners.flatMap((partner) => {
      const snapshot = last.get(partner.company.id);
      if (!snapshot) return [];
      return [{ objectType: 'companies' as const, id: partner.company.id, current: partner.company.properties, desired: closeOutputsOf(snapshot) }];
    }),
  );
  return {
    quarters: quarters.map((quarter) => quarter.label),
    partners: partners.length,
    moved: [...states.values()].filter((state) => state.moved).length,
    written: written.written.length,
  };
}
