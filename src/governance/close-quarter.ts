import type { Kysely } from 'kysely';
import type { AuditEntryInput, AuditTrail } from '../audit/audit-trail.js';
import { crashPoint } from '../crash-point.js';
import type { Database } from '../db/database-schema.js';
import { firstWinsByCustomer } from '../domain/governance/first-wins-by-customer.js';
import { parseQuarterLabel } from '../domain/governance/parse-quarter-label.js';
import { quarterContaining } from '../domain/governance/quarter-containing.js';
import { addDays, todayIn } from '../domain/calendar-date.js';
import { quarterCloseInstant } from '../domain/governance/quarter-close-instant.js';
import type { Quarter } from '../domain/governance/types.js';
import { AppError } from '../errors.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import type { NewNote, NewTask, OutputChange, PartnerRepository } from '../hubspot/partner-repository.js';
import { readPartnerSnapshot } from '../hubspot/read-partner-snapshot.js';
import { diffOutputProperties } from '../hubspot/diff-output-properties.js';
import { propertyComparisons } from '../hubspot/property-schema.js';
import type { Logger } from '../logger.js';
import type { Program } from '../program/program-schema.js';
import { programVersion } from '../program/program-version.js';
import type { ActivityCreator } from '../recalculation/activity-creator.js';
import type { ActivityInput } from '../hubspot/create-activities-in-batches.js';
import { sweepPartnerIds } from '../recalculation/sweep-partner-ids.js';
import { closeOutputsOf, composeCloseNote, composeExitTask, composeProposalTask } from './compose-close-activities.js';
import { planPartnerClose, type PartnerAtClose, type PartnerCloseDetails } from './plan-partner-close.js';
import { QUARTER_CLOSED_ACTION, QuarterCloseStore, type TierSnapshot } from './quarter-close-store.js';
import { readDealFactsOfPartners } from './read-deal-facts-of-partners.js';
import type { TierReviewReplanner } from './tier-review-queue.js';

/** How long a claim holds without renewal before another worker takes the close over. Default 10 minutes. */
export const QUARTER_CLOSE_LEASE_MS = 10 * 60_000;

/** Partners decided per step, and changed partners per carry-out: one batch update of HubSpot (100 records). */
const PARTNERS_PER_BATCH = 100;

/**
 * Partners loaded per read: a thousand is one association read (HubSpot's batch limit) and ten
 * company reads; the search pages of 200 ids are gathered up to it.
 */
const PARTNERS_PER_LOAD = 1_000;

export interface QuarterCloseOptions {
  db: Kysely<Database>;
  program: Program;
  repositoryFor(portalId: string): Pick<PartnerRepository, 'searchPartnerIds' | 'loadPartners' | 'writeOutputs'>;
  activities: ActivityCreator;
  audit: AuditTrail;
  /**
   * The review job, asked to plan the reviews of partners whose official tier changed: it alone
   * writes `pe_next_tier_review` (docs/governance.md, "Review cadence").
   */
  reviews: TierReviewReplanner;
  /** The portal's time zone: a quarter closes at midnight there (docs/governance.md, "Quarters"). */
  timeZone: string;
  logger: Logger;
  /** Clock (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Default {@link QUARTER_CLOSE_LEASE_MS}. */
  leaseMs?: number;
  /**
   * Partners decided per step, and changed partners per carry-out (one batch update of HubSpot).
   * Default 100; tests make it small to crash between steps.
   */
  batchSize?: number;
}

/** One partner's line of a close (what `--dry-run` prints). */
export interface PartnerCloseLine {
  companyId: string;
  name: string | null;
  qualified: string;
  from: string;
  to: string;
  action: string;
  reason: string;
  outlook: string;
  proposed: string | null;
  programStatus: string;
  /** The closed quarters that justify the decision (an advance's or a demotion's run). */
  justifiedBy: string[];
  /** Why exit is recommended at this close, if it is. */
  exit: { reason: string; justifiedBy: string[] } | null;
  /** True when this close recommends exit for the first time (the owner gets a task). */
  exitFirstRecommended: boolean;
}

export type QuarterCloseOutcome =
  | { status: 'instant-mode'; quarter: string }
  | { status: 'not-over'; quarter: string; closesAt: number }
  | { status: 'already-closed'; quarter: string; partners: number; changed: number }
  | { status: 'claimed-elsewhere'; quarter: string; claimedAt: number }
  | { status: 'dry-run'; quarter: string; lines: PartnerCloseLine[] }
  | {
      status: 'closed';
      quarter: string;
      /** True when this run took over an interrupted close. */
      resumed: boolean;
      partners: number;
      changed: number;
      /** Partners this run carried out in HubSpot. */
      carriedOut: number;
      notes: number;
      tasks: number;
      /** The partners this run moved, proposed a change for, or first recommended for exit. */
      moves: PartnerCloseLine[];
    };

export interface QuarterClose {
  /**
   * Closes `quarterLabel` (`YYYYQn`) for the portal, once (docs/governance.md, "Quarter close").
   * With `dryRun`, decides every partner and writes nothing anywhere.
   */
  closeQuarter(portalId: string, quarterLabel: string, options?: { dryRun?: boolean }): Promise<QuarterCloseOutcome>;
  /** The quarter whose close instant is the latest one at or before `at` (the catch-up's quarter). */
  lastClosedQuarter(at: number): Quarter;
  /** Whether the close of `quarterLabel` finished. */
  isClosed(portalId: string, quarterLabel: string): Promise<boolean>;
}

const SYSTEM = { type: 'system' } as const;

interface RunContext {
  portalId: string;
  quarter: Quarter;
  resumed: boolean;
  dryRun: boolean;
  at: number;
  lines: PartnerCloseLine[];
  counts: { carriedOut: number; notes: number; tasks: number; failed: number };
  /** What `closed` reports: the partners carried out whose close changed something people see. */
  moves: PartnerCloseLine[];
  /**
   * Decided partners waiting to be carried out, gathered until `batchSize` of them need a write,
   * so that the writes cost ⌈changed / 100⌉ calls whatever the batches they were decided in.
   */
  pending: Array<{ snapshot: TierSnapshot; partner: PartnerAtClose; changed: boolean }>;
}

function lineOf(snapshot: TierSnapshot, name: string | null): PartnerCloseLine {
  const details = snapshot.metrics as PartnerCloseDetails;
  return {
    companyId: snapshot.company_id,
    name,
    qualified: snapshot.qualified_tier,
    from: snapshot.tier_before,
    to: snapshot.tier_after,
    action: snapshot.action,
    reason: snapshot.reason,
    outlook: snapshot.outlook,
    proposed: snapshot.proposed_tier,
    programStatus: snapshot.program_status,
    justifiedBy: details.justifiedBy,
    exit: details.exit,
    exitFirstRecommended: details.effects.exitTask,
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/**
 * The quarter close in `quarterly` mode (docs/governance.md, "Quarter close"): claims the quarter,
 * pages through every partner, decides each one from its figures on the quarter's last day and its
 * closed quarters, writes its snapshot once, and carries the decision out in HubSpot — outputs only
 * where they changed (100 per batch update), a note per tier change and the owner's tasks, 100 per
 * call. A close interrupted part-way is taken over after the lease: partners with a snapshot keep
 * their decision, and those not yet carried out (no audit entry) are carried out from it.
 */
export function createQuarterClose(options: QuarterCloseOptions): QuarterClose {
  const { db, program, audit, logger } = options;
  const store = new QuarterCloseStore(db);
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? QUARTER_CLOSE_LEASE_MS;
  const batchSize = options.batchSize ?? PARTNERS_PER_BATCH;
  const ruleVersion = programVersion(program);
  const { fiscalYearStartMonth } = program.governance;
  const comparisons = propertyComparisons(program).companies;

  function lastClosedQuarter(at: number): Quarter {
    // The quarter today (in the portal's time zone) falls in is still open; the one before it closed last.
    const open = quarterContaining(todayIn(options.timeZone, at), fiscalYearStartMonth);
    return quarterContaining(addDays(open.firstDay, -1), fiscalYearStartMonth);
  }

  async function readPartners(portalId: string, ids: string[]): Promise<PartnerAtClose[]> {
    const { partners } = await options.repositoryFor(portalId).loadPartners(ids);
    const read: PartnerAtClose[] = [];
    for (const { company, contacts } of partners) {
      const { snapshot } = readPartnerSnapshot(company, contacts, program);
      if (snapshot.isPartner) read.push({ company, snapshot });
    }
    return read;
  }

  /** Decides the partners that have no snapshot yet and writes theirs; resolves with the ones this call wrote. */
  async function decide(context: RunContext, partners: PartnerAtClose[]): Promise<Set<string>> {
    if (partners.length === 0) return new Set();
    const ids = partners.map((partner) => partner.company.id);
    const [history, facts] = await Promise.all([
      store.historyBefore(context.portalId, context.quarter.label, ids),
      readDealFactsOfPartners(db, context.portalId, ids),
    ]);
    const firstWins = firstWinsByCustomer(facts.customerWins);
    const planned = partners.map((partner) =>
      planPartnerClose({
        partner,
        program,
        quarter: context.quarter,
        history: history.get(partner.company.id) ?? [],
        deals: facts.byPartner.get(partner.company.id) ?? [],
        firstWins,
      }),
    );
    if (context.dryRun) {
      const names = new Map(partners.map((partner) => [partner.company.id, partner.snapshot.name]));
      for (const plan of planned) {
        context.lines.push(lineOf(asSnapshot(context, plan), names.get(plan.companyId) ?? null));
      }
      return new Set();
    }
    return store.insertSnapshots(context.portalId, context.quarter.label, planned, context.at);
  }

  function asSnapshot(context: RunContext, plan: ReturnType<typeof planPartnerClose>): TierSnapshot {
    return {
      portal_id: context.portalId,
      company_id: plan.companyId,
      quarter: context.quarter.label,
      qualified_tier: plan.qualifiedTier,
      tier_before: plan.tierBefore,
      tier_after: plan.tierAfter,
      action: plan.action,
      reason: plan.reason,
      outlook: plan.outlook,
      quarters_above: plan.quartersAbove,
      quarters_below: plan.quartersBelow,
      proposed_tier: plan.proposedTier,
      program_status: plan.programStatus,
      metrics: plan.details,
      closed_at: new Date(context.at),
    };
  }

  /** Carries the snapshots' decisions out in HubSpot, then records each partner as carried out. */
  async function carryOut(context: RunContext, items: RunContext['pending']): Promise<void> {
    if (items.length === 0) return;
    const snapshots = items.map((item) => item.snapshot);
    const partners = new Map(items.map((item) => [item.snapshot.company_id, item.partner]));
    const { portalId } = context;
    const repository = options.repositoryFor(portalId);
    const detailsOf = (snapshot: TierSnapshot) => snapshot.metrics as PartnerCloseDetails;
    const changes: OutputChange[] = snapshots.map((snapshot) => ({
      objectType: 'companies',
      id: snapshot.company_id,
      current: partners.get(snapshot.company_id)!.company.properties,
      desired: closeOutputsOf(snapshot),
    }));
    const written = await repository.writeOutputs(changes);
    const refused = new Map(written.failed.map((failure) => [failure.id, `${failure.category}: ${failure.reason}`]));
    const done = snapshots.filter((snapshot) => !refused.has(snapshot.company_id));

    const notes: Array<ActivityInput<NewNote>> = [];
    const tasks: Array<ActivityInput<NewTask>> = [];
    for (const snapshot of done) {
      const details = detailsOf(snapshot);
      const company: HubSpotRecord = partners.get(snapshot.company_id)!.company;
      const taskContext = { at: context.at, ownerId: partners.get(snapshot.company_id)!.snapshot.ownerId, name: partners.get(snapshot.company_id)!.snapshot.name, timeZone: options.timeZone };
      if (details.effects.tierNote) notes.push({ key: company.id, activity: composeCloseNote(snapshot, details, program, context.at) });
      if (details.effects.proposalTask) tasks.push({ key: `${company.id}:proposal`, activity: composeProposalTask(snapshot, details, program, taskContext) });
      if (details.effects.exitTask) tasks.push({ key: `${company.id}:exit`, activity: composeExitTask(snapshot, details, program, taskContext) });
    }
    const createdNotes = notes.length > 0 ? await options.activities.createNotes(portalId, notes) : { created: new Map<string, string>(), refused: new Map<string, string>() };
    const createdTasks = tasks.length > 0 ? await options.activities.createTasks(portalId, tasks) : { created: new Map<string, string>(), refused: new Map<string, string>() };
    for (const [key, reason] of [...createdNotes.refused, ...createdTasks.refused]) refused.set(key.split(':')[0]!, reason);
    // Queued before the audit entries: a close killed in between carries the partner out again and
    // queues it again, which plans the same date.
    const retiered = done.filter((snapshot) => snapshot.tier_before !== snapshot.tier_after && snapshot.program_status !== 'exited').map((snapshot) => snapshot.company_id);
    await options.reviews.replan(portalId, retiered);

    const entries: AuditEntryInput[] = [];
    for (const snapshot of done) {
      const id = snapshot.company_id;
      if (refused.has(id)) continue;
      const details = detailsOf(snapshot);
      if (snapshot.tier_before !== snapshot.tier_after || snapshot.proposed_tier !== null || details.effects.exitTask) {
        context.moves.push(lineOf(snapshot, partners.get(id)!.snapshot.name));
      }
      entries.push({
        portalId,
        companyId: id,
        actor: SYSTEM,
        action: QUARTER_CLOSED_ACTION,
        before: { tier: snapshot.tier_before },
        after: {
          quarter: snapshot.quarter,
          tier: snapshot.tier_after,
          proposed: snapshot.proposed_tier,
          programStatus: snapshot.program_status,
          noteId: createdNotes.created.get(id) ?? null,
          proposalTaskId: createdTasks.created.get(`${id}:proposal`) ?? null,
          exitTaskId: createdTasks.created.get(`${id}:exit`) ?? null,
        },
        ruleVersion,
        at: context.at,
      });
    }
    await db.transaction().execute(async (trx) => {
      await audit.recordMany(entries, trx);
      await new QuarterCloseStore(trx).renew(portalId, context.quarter.label, now());
    });
    context.counts.carriedOut += entries.length;
    context.counts.notes += createdNotes.created.size;
    context.counts.tasks += createdTasks.created.size;
    context.counts.failed += refused.size;
    for (const [companyId, reason] of refused) logger.warn({ portalId, companyId, quarter: context.quarter.label, reason }, 'quarter close not carried out for a partner; a resumed close tries again');
    crashPoint('quarter-close.after-batch');
  }

  async function closeBatch(context: RunContext, partners: PartnerAtClose[]): Promise<void> {
    const ids = partners.map((partner) => partner.company.id);
    const existing = context.resumed ? await store.snapshotsOf(context.portalId, context.quarter.label, ids) : new Map<string, TierSnapshot>();
    const written = await decide(context, partners.filter((partner) => !existing.has(partner.company.id)));
    if (context.dryRun) return;
    crashPoint('quarter-close.after-snapshots');
    const carried = context.resumed ? await store.carriedOut(context.portalId, context.quarter.label, [...existing.keys()]) : new Set<string>();
    const due = new Set([...written, ...[...existing.keys()].filter((id) => !carried.has(id))]);
    if (due.size > 0) {
      const snapshots = await store.snapshotsOf(context.portalId, context.quarter.label, [...due]);
      for (const partner of partners) {
        const snapshot = snapshots.get(partner.company.id);
        if (!snapshot) continue;
        const desired = closeOutputsOf(snapshot);
        const changed = Object.keys(diffOutputProperties(partner.company.properties, desired, comparisons)).length > 0;
        context.pending.push({ snapshot, partner, changed });
      }
    }
    await flush(context, false);
    await store.renew(context.portalId, context.quarter.label, now());
  }

  /** Carries out the pending partners `batchSize` changed ones at a time; with `final`, all that are left. */
  async function flush(context: RunContext, final: boolean): Promise<void> {
    for (;;) {
      let changed = 0;
      let end = -1;
      for (const [index, item] of context.pending.entries()) {
        if (item.changed) changed += 1;
        if (changed === batchSize) {
          end = index + 1;
          break;
        }
      }
      if (end === -1) {
        if (final && context.pending.length > 0) await carryOut(context, context.pending.splice(0));
        return;
      }
      await carryOut(context, context.pending.splice(0, end));
    }
  }

  async function run(context: RunContext): Promise<void> {
    let gathered: string[] = [];
    const closeGathered = async () => {
      const partners = await readPartners(context.portalId, gathered);
      gathered = [];
      for (const batch of chunk(partners, batchSize)) await closeBatch(context, batch);
    };
    await sweepPartnerIds(options.repositoryFor(context.portalId), async (ids) => {
      gathered.push(...ids);
      if (gathered.length >= PARTNERS_PER_LOAD) await closeGathered();
    });
    if (gathered.length > 0) await closeGathered();
    if (!context.dryRun) await flush(context, true);
  }

  return {
    lastClosedQuarter,

    async isClosed(portalId, quarterLabel) {
      const quarter = parseQuarterLabel(quarterLabel, fiscalYearStartMonth);
      return (await store.closeOf(portalId, quarter.label))?.finishedAt != null;
    },

    async closeQuarter(portalId, quarterLabel, callOptions = {}) {
      const quarter = parseQuarterLabel(quarterLabel, fiscalYearStartMonth);
      if (program.governance.mode !== 'quarterly') return { status: 'instant-mode', quarter: quarter.label };
      const at = now();
      const closesAt = quarterCloseInstant(quarter, options.timeZone);
      if (at < closesAt) return { status: 'not-over', quarter: quarter.label, closesAt };
      const dryRun = callOptions.dryRun ?? false;
      const counts = { carriedOut: 0, notes: 0, tasks: 0, failed: 0 };
      if (dryRun) {
        const context: RunContext = { portalId, quarter, resumed: false, dryRun, at, lines: [], moves: [], counts, pending: [] };
        await run(context);
        return { status: 'dry-run', quarter: quarter.label, lines: context.lines };
      }
      const claim = await store.claim(portalId, quarter.label, at, leaseMs);
      if (claim.state === 'finished') return { status: 'already-closed', quarter: quarter.label, partners: claim.partners, changed: claim.changed };
      if (claim.state === 'busy') return { status: 'claimed-elsewhere', quarter: quarter.label, claimedAt: claim.claimedAt };
      const resumed = claim.state === 'resumed';
      const log = logger.child({ portalId, quarter: quarter.label });
      log.info({ resumed }, resumed ? 'quarter close resumed after an interrupted one' : 'quarter close started');
      const context: RunContext = { portalId, quarter, resumed, dryRun, at, lines: [], moves: [], counts, pending: [] };
      try {
        await run(context);
      } catch (error) {
        // Let the next attempt take the close over at once rather than after the lease.
        await store.release(portalId, quarter.label).catch(() => undefined);
        throw error;
      }
      if (counts.failed > 0) {
        await store.release(portalId, quarter.label);
        throw new AppError('HUBSPOT_REJECTED', `the close of ${quarter.label} was not carried out for ${counts.failed} partner(s); it resumes with them`);
      }
      const finished = await store.finish(portalId, quarter.label, now());
      log.info({ ...finished, ...counts }, 'quarter closed');
      return { status: 'closed', quarter: quarter.label, resumed, ...finished, carriedOut: counts.carriedOut, notes: counts.notes, tasks: counts.tasks, moves: context.moves };
    },
  };
}
