import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AuditEntryInput, AuditTrail } from '../audit/audit-trail.js';
import { todayIn } from '../domain/calendar-date.js';
import { entersDeclining } from '../domain/compute-trend.js';
import { evaluatePartner } from '../domain/evaluate-partner.js';
import type { CalendarDate, PartnerEvaluation, PartnerSnapshot, Trend } from '../domain/types.js';
import { diffOutputProperties, type PropertyComparison } from '../hubspot/diff-output-properties.js';
import { formatCompanyOutputs, formatContactOutputs, formatRegistrationOutputs, type RegistrationCountOutputs } from '../hubspot/format-partner-outputs.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import { BATCH_LIMITS, type NewNote, type NewTask, type OutputChange, type PartnerRepository, type WriteResult } from '../hubspot/partner-repository.js';
import { readPartnerSnapshot } from '../hubspot/read-partner-snapshot.js';
import type { RejectedCompany } from '../jobs/recalculation-handler.js';
import type { Logger } from '../logger.js';
import { TIER_IDS, type Program, type TierOrNone } from '../program/program-schema.js';
import { composeDecliningTask, composeTierChangeNote } from './compose-hubspot-activities.js';
import { propertyComparisons } from '../hubspot/property-schema.js';
import { latestBefore, shouldRecord, type HistoryPoint, type ScoreHistoryStore } from './score-history-store.js';
import { singleActivityCreator, type ActivityCreator } from './activity-creator.js';
import type { SideEffectLedger } from './side-effect-ledger.js';
import { trendFromHistory } from './trend-from-history.js';
import type { Kysely } from 'kysely';
import { crashPoint } from '../crash-point.js';
import type { Database } from '../db/database-schema.js';
import { programVersion } from '../program/program-version.js';
import type { PartnerDeals } from '../domain/governance/evaluate-business.js';
import type { DealFactsStore } from '../governance/deal-facts-store.js';
import { readPartnersDeals } from '../governance/read-partners-deals.js';

/**
 * Companies loaded, evaluated and written as one unit. It is not HubSpot's per-request limit of
 * 100, which the repository keeps inside a load (company reads and output writes 100 per call):
 * it is the v4 batch association read's limit of 1,000, so that one load costs one association
 * read and its contacts, notes and tasks are pooled into full batches of 100. A drain claim
 * (default 1,000) is one load; a longer list (the CLI, priming) is split into loads of this size,
 * which also bounds what one load holds in memory.
 */
export const RECALCULATION_LOAD_SIZE = BATCH_LIMITS.associations;

/**
 * Partners read, evaluated or formatted between two turns of the event loop. Evaluating a load of
 * 1,000 takes about 200 ms of CPU; done in one go it would hold up everything else in the process
 * (webhook answers, HubSpot answers, lock renewals) for that long. 100 keeps each turn near 20 ms.
 */
export const PARTNERS_PER_TURN = 100;

/** A partner as it was evaluated, for whoever plans follow-ups (renewal reminders, status changes). */
export interface EvaluatedPartner {
  snapshot: PartnerSnapshot;
  evaluation: PartnerEvaluation;
  trend: Trend;
}

export interface PartnerRecalculatorOptions {
  /** The repository of a portal (one per portal; the app caches them). */
  repositoryFor(portalId: string): PartnerRepository;
  program: Program;
  history: ScoreHistoryStore;
  ledger: SideEffectLedger;
  audit: AuditTrail;
  /** The database of the audit trail and score history: a batch writes both in one transaction. */
  db: Kysely<Database>;
  logger: Logger;
  /** Epoch ms now; tests freeze it. Default `Date.now`. */
  now?: () => number;
  /**
   * The nearest training deadline of each contact that has active tracks (from the training
   * assignments, which HubSpot's properties do not hold). Without it `pe_next_training_deadline`
   * is left as it is for contacts with active tracks.
   */
  trainingDeadlines?(portalId: string, contactIds: string[]): Promise<Record<string, CalendarDate | null>>;
  /**
   * Creates the tier-change notes and declining-trend tasks of a batch. Default: one call each
   * through the repository; the app passes `batchActivityCreator` (100 per call).
   */
  activities?: ActivityCreator;
  /**
   * Called with every partner evaluated and stored (written or already up to date), after the
   * batch's writes. A throw fails the batch, which is then tried again (the second run writes
   * nothing that is already written).
   */
  onEvaluated?(portalId: string, partners: EvaluatedPartner[]): Promise<void>;
  /**
   * The deal-facts mirror and the company currency: with them each partner is evaluated with its
   * deals (revenue-based requirements, business gaps, partner health: docs/governance.md), read in
   * one query per load while HubSpot answers. Without them, the enablement rules alone.
   */
  dealFacts?: { store: DealFactsStore; currency: string };
  /**
   * The registration counts of a batch of partners (docs/registrations.md, "Registration counts"),
   * read in one query while HubSpot answers. With it each partner gets `pe_registrations_open` and
   * `pe_registrations_won_12m`; without it they are left as they are.
   */
  registrationCounts?(portalId: string, companyIds: readonly string[], at: number): Promise<ReadonlyMap<string, RegistrationCountOutputs>>;
}

/** What one call did, for the worker's logs, the CLI's progress and the tests. */
export interface RecalculationReport {
  /** Companies HubSpot would not take, with the reason; every other id counts as done. */
  failed: RejectedCompany[];
  /** Partners evaluated. */
  evaluated: number;
  /** Companies whose outputs changed and were written. */
  written: string[];
  /** Partners whose outputs HubSpot already held: nothing was sent for them. */
  unchanged: string[];
  /** Companies that are not partners (`pe_is_partner` is not true): left as they are. */
  notPartners: string[];
  /** Company ids HubSpot does not have. */
  missing: string[];
  /** Contacts whose outputs were written. */
  contactsWritten: number;
  /** Tier-change notes created. */
  notes: number;
  /** Declining-trend tasks created. */
  tasks: number;
}

export interface PartnerRecalculator {
  /**
   * Loads, evaluates and writes the given companies of one portal, up to 1,000 at a time
   * (`RECALCULATION_LOAD_SIZE`), each load at the least cost HubSpot's batch APIs allow: company
   * reads and writes 100 per call, one association read, the load's contacts read 100 per call
   * once each, and its notes and tasks created 100 per call.
   * A record HubSpot refuses ends in `failed` with its reason and never holds up the others; a
   * failure of the whole batch (HubSpot unavailable, Redis away) throws, and running the same ids
   * again is safe: outputs are written only where they differ, and a note or task already created
   * for an event is not created again.
   */
  recalculatePartners(portalId: string, companyIds: readonly string[], options?: { logger?: Logger }): Promise<RecalculationReport>;
}

const SYSTEM = { type: 'system' } as const;
const TIERS = new Set<string>(['none', ...TIER_IDS]);
const TRENDS = new Set<string>(['improving', 'stable', 'declining']);

interface ActivityPlan {
  note?: { companyId: string; signature: string; activity: NewNote; from: TierOrNone; to: TierOrNone };
  task?: { companyId: string; signature: string; activity: NewTask; before: Record<string, unknown>; after: Record<string, unknown> };
}

interface Evaluated extends EvaluatedPartner {
  company: HubSpotRecord;
  contacts: HubSpotRecord[];
  previous: HistoryPoint | undefined;
  history: HistoryPoint[];
  /** The points of days before the partner's today: what the trend is computed from. */
  priorDays: HistoryPoint[];
  /** The partner's calendar day (its time zone) at the evaluation. */
  today: CalendarDate;
  companyDesired: Record<string, string>;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

function emptyReport(): RecalculationReport {
  return { failed: [], evaluated: 0, written: [], unchanged: [], notPartners: [], missing: [], contactsWritten: 0, notes: 0, tasks: 0 };
}

function loadedTier(company: HubSpotRecord): TierOrNone | null {
  const value = company.properties.pe_tier;
  return value && TIERS.has(value) ? (value as TierOrNone) : null;
}

function loadedTrend(company: HubSpotRecord): Trend | null {
  const value = company.properties.pe_readiness_trend;
  return value && TRENDS.has(value) ? (value as Trend) : null;
}

/** The recalculation at the heart of the product: HubSpot data in, outputs, notes and tasks out. */
export function createPartnerRecalculator(options: PartnerRecalculatorOptions): PartnerRecalculator {
  const { program, history, ledger, audit, db } = options;
  const ruleVersion = programVersion(program);
  const now = options.now ?? Date.now;
  const comparisons = propertyComparisons(program).companies;

  async function recalculateBatch(portalId: string, companyIds: readonly string[], logger: Logger, report: RecalculationReport): Promise<void> {
    const repository = options.repositoryFor(portalId);
    const at = now();
    // The histories and deals are read while HubSpot answers: the database adds no wait of its own.
    const dealFacts = options.dealFacts;
    const [{ partners, missing }, histories, deals, registrations] = await Promise.all([
      repository.loadPartners([...companyIds]),
      history.read(portalId, companyIds, at),
      dealFacts ? readPartnersDeals(dealFacts.store, portalId, companyIds, dealFacts.currency, at) : undefined,
      options.registrationCounts?.(portalId, companyIds, at),
    ]);
    report.missing.push(...missing);

    const snapshots: Array<{ company: HubSpotRecord; contacts: HubSpotRecord[]; snapshot: PartnerSnapshot }> = [];
    for (const [index, { company, contacts }] of partners.entries()) {
      if (index > 0 && index % PARTNERS_PER_TURN === 0) await yieldToEventLoop();
      const { snapshot, warnings } = readPartnerSnapshot(company, contacts, program);
      if (warnings.length > 0) logger.warn({ portalId, companyId: company.id, warnings }, 'odd property values read as the nearest sensible value');
      if (!snapshot.isPartner) report.notPartners.push(company.id);
      else snapshots.push({ company, contacts, snapshot });
    }
    if (snapshots.length === 0) return;

    const evaluated: Evaluated[] = [];
    for (const [index, { company, contacts, snapshot }] of snapshots.entries()) {
      if (index > 0 && index % PARTNERS_PER_TURN === 0) await yieldToEventLoop();
      evaluated.push(evaluate(company, contacts, snapshot, histories.get(company.id) ?? [], at, comparisons, deals?.get(company.id), registrations?.get(company.id)));
    }
    report.evaluated += evaluated.length;
    for (const { company, evaluation } of evaluated) {
      if (evaluation.warnings.length > 0) logger.warn({ portalId, companyId: company.id, warnings: evaluation.warnings }, 'odd values set aside by the rules');
    }

    const deadlines = await trainingDeadlinesOf(portalId, evaluated);
    const changes = await outputChanges(evaluated, deadlines);
    const written = await repository.writeOutputs(changes.list);
    const failedCompanies = failuresByCompany(written, changes.contactOwner);
    report.failed.push(...[...failedCompanies].map(([companyId, reason]) => ({ companyId, reason })));
    report.contactsWritten += written.written.filter((record) => record.objectType === 'contacts').length;

    // Companies whose own write was refused are done for now: no audit, notes, tasks or history,
    // so that the next try sees the same event again.
    const refusedCompanies = new Set(written.failed.filter((f) => f.objectType === 'companies').map((f) => f.id));
    const stored = evaluated.filter((partner) => !refusedCompanies.has(partner.company.id));
    const writtenCompanies = new Set(written.written.filter((r) => r.objectType === 'companies').map((r) => r.id));
    for (const partner of stored) (writtenCompanies.has(partner.company.id) ? report.written : report.unchanged).push(partner.company.id);

    const entries = auditEntries(portalId, written, evaluated, changes.contactOwner, at, ruleVersion);
    const refusedActivities = await createActivities(portalId, stored, repository, at, logger, report, entries);
    const points: Array<{ companyId: string; point: HistoryPoint }> = [];
    for (const partner of stored) {
      const refused = refusedActivities.get(partner.company.id);
      if (refused) {
        // History stays as it was, so the next try sees the same event and creates what is missing.
        report.failed.push({ companyId: partner.company.id, reason: refused });
        continue;
      }
      // The day's first evaluation is its point (a later one the same day adds nothing), and only
      // when it differs from the last earlier point: a plateau is one point, carried by the trend.
      const current = { score: partner.evaluation.score, tier: partner.evaluation.tier, trend: partner.trend };
      const today = partner.today;
      if (partner.history.some((point) => point.day === today)) continue;
      if (shouldRecord(latestBefore(partner.priorDays, at), current)) points.push({ companyId: partner.company.id, point: { at, day: today, ...current } });
    }
    // The batch's audit entries and score points: a few multi-row statements, one transaction, so
    // a worker that dies here leaves all of them or none.
    await db.transaction().execute(async (trx) => {
      await audit.recordMany(entries, trx);
      await history.append(portalId, points, trx);
      crashPoint('recalculation.before-commit');
    });
    await options.onEvaluated?.(portalId, stored.map(({ snapshot, evaluation, trend }) => ({ snapshot, evaluation, trend })));
  }

  function evaluate(
    company: HubSpotRecord,
    contacts: HubSpotRecord[],
    snapshot: PartnerSnapshot,
    points: HistoryPoint[],
    at: number,
    companyComparisons: ReadonlyMap<string, PropertyComparison>,
    deals: PartnerDeals | undefined,
    registrationCounts: RegistrationCountOutputs | undefined,
  ): Evaluated {
    const today = todayIn(snapshot.timeZone, at);
    const evaluation = evaluatePartner(snapshot, program, today, deals);
    // Earlier days only: how often the partner was evaluated today cannot move its trend.
    const priorDays = points.filter((point) => point.day < today);
    const trend = trendFromHistory(priorDays, { at, score: evaluation.score, tier: evaluation.tier }, program);
    const companyDesired = formatCompanyOutputs(evaluation, program, { trend, contacts: snapshot.contacts });
    if (registrationCounts) Object.assign(companyDesired, formatRegistrationOutputs(registrationCounts));
    // The timestamp says when an output last changed: an evaluation that changes nothing writes nothing.
    if (Object.keys(diffOutputProperties(company.properties, companyDesired, companyComparisons)).length > 0) {
      companyDesired.pe_readiness_evaluated_at = new Date(at).toISOString();
    }
    return { company, contacts, snapshot, evaluation, trend, previous: latestBefore(points, at), history: points, priorDays, today, companyDesired };
  }

  async function trainingDeadlinesOf(portalId: string, evaluated: Evaluated[]): Promise<Record<string, CalendarDate | null>> {
    if (!options.trainingDeadlines) return {};
    const withTracks = evaluated.flatMap((p) => p.snapshot.contacts.filter((c) => c.activeTracks.length > 0).map((c) => c.contactId));
    return withTracks.length > 0 ? options.trainingDeadlines(portalId, [...new Set(withTracks)]) : {};
  }

  async function outputChanges(evaluated: Evaluated[], trainingDeadlines: Record<string, CalendarDate | null>) {
    const list: OutputChange[] = [];
    // A contact of two partners in one batch is written once, from the first partner's evaluation:
    // its outputs are its own certifications and tracks, the same whichever partner reads them.
    const contactOwner = new Map<string, string>();
    for (const [index, partner] of evaluated.entries()) {
      if (index > 0 && index % PARTNERS_PER_TURN === 0) await yieldToEventLoop();
      const { company, contacts, snapshot, evaluation } = partner;
      list.push({ objectType: 'companies', id: company.id, current: company.properties, desired: partner.companyDesired });
      const desired = formatContactOutputs(evaluation, snapshot.contacts, program, { trainingDeadlines });
      for (const contact of contacts) {
        if (contactOwner.has(contact.id) || !desired[contact.id]) continue;
        contactOwner.set(contact.id, company.id);
        list.push({ objectType: 'contacts', id: contact.id, current: contact.properties, desired: desired[contact.id]! });
      }
    }
    return { list, contactOwner };
  }

  /**
   * The notes and tasks this batch's events call for, each created once: what the ledger says was
   * already created for an event is skipped, the rest go to HubSpot in as few calls as the
   * activity creator manages. Resolves with the companies HubSpot refused an activity for.
   */
  async function createActivities(
    portalId: string,
    stored: Evaluated[],
    repository: PartnerRepository,
    at: number,
    logger: Logger,
    report: RecalculationReport,
    entries: AuditEntryInput[],
  ): Promise<Map<string, string>> {
    const planned = await Promise.all(stored.map((partner) => planActivities(portalId, partner, at)));
    const notes = planned.flatMap((plan) => (plan.note ? [plan.note] : []));
    const tasks = planned.flatMap((plan) => (plan.task ? [plan.task] : []));
    const creator = options.activities ?? singleActivityCreator(repository);
    const refused = new Map<string, string>();
    if (notes.length > 0) {
      const outcome = await creator.createNotes(portalId, notes.map(({ companyId, activity }) => ({ key: companyId, activity })));
      for (const note of notes) {
        const id = outcome.created.get(note.companyId);
        if (id === undefined) {
          refused.set(note.companyId, `HubSpot refused the tier-change note: ${outcome.refused.get(note.companyId) ?? 'no id came back'}`);
          continue;
        }
        await ledger.recordCreated(portalId, note.companyId, 'tier-note', note.signature, id);
        entries.push({ portalId, companyId: note.companyId, actor: SYSTEM, action: 'tier.changed', before: { tier: note.from }, after: { tier: note.to, noteId: id }, ruleVersion, at });
        report.notes += 1;
      }
    }
    if (tasks.length > 0) {
      const outcome = await creator.createTasks(portalId, tasks.map(({ companyId, activity }) => ({ key: companyId, activity })));
      for (const task of tasks) {
        const id = outcome.created.get(task.companyId);
        if (id === undefined) {
          const reason = `HubSpot refused the declining-trend task: ${outcome.refused.get(task.companyId) ?? 'no id came back'}`;
          refused.set(task.companyId, refused.has(task.companyId) ? `${refused.get(task.companyId)}; ${reason}` : reason);
          continue;
        }
        await ledger.recordCreated(portalId, task.companyId, 'declining-task', task.signature, id);
        if (!task.activity.ownerId) logger.warn({ portalId, companyId: task.companyId }, 'declining partner has no owner; the task is unassigned');
        entries.push({ portalId, companyId: task.companyId, actor: SYSTEM, action: 'trend.declining.escalated', before: task.before, after: { ...task.after, taskId: id }, ruleVersion, at });
        report.tasks += 1;
      }
    }
    return refused;
  }

  /** What one partner's evaluation calls for: a note when its tier changed, a task when it starts declining. */
  async function planActivities(portalId: string, partner: Evaluated, at: number): Promise<ActivityPlan> {
    const { company, snapshot, evaluation, trend, previous } = partner;
    const companyId = company.id;
    const plan: ActivityPlan = {};
    // History says what the partner was before this evaluation; with no history yet (a new
    // installation), what HubSpot shows is the best guess. A first evaluation is not a change.
    const previousTier = previous?.tier ?? loadedTier(company);
    const previousTrend = previous?.trend ?? loadedTrend(company);
    const since = previous ? String(previous.at) : 'hubspot';
    if (previousTier !== null && previousTier !== evaluation.tier) {
      const signature = `${since}:${previousTier}>${evaluation.tier}`;
      if ((await ledger.createdFor(portalId, companyId, 'tier-note', signature)) === null) {
        const activity = composeTierChangeNote(
          { companyId, companyName: snapshot.name, from: previousTier, to: evaluation.tier, previousScore: previous?.score ?? null, evaluation, contacts: snapshot.contacts, at },
          program,
        );
        plan.note = { companyId, signature, activity, from: previousTier, to: evaluation.tier };
      }
    }
    if (entersDeclining(previousTrend, trend)) {
      const signature = `${since}:declining`;
      if ((await ledger.createdFor(portalId, companyId, 'declining-task', signature)) === null) {
        const window = partner.history.filter((p) => p.at < at && p.at >= at - program.trend.windowDays * 86_400_000);
        const highestScore = window.length > 0 ? Math.max(...window.map((p) => p.score)) : (previous?.score ?? null);
        const activity = composeDecliningTask(
          { companyId, companyName: snapshot.name, ownerId: snapshot.ownerId, timeZone: snapshot.timeZone, highestScore, previousTier, evaluation, contacts: snapshot.contacts, at },
          program,
        );
        plan.task = {
          companyId,
          signature,
          activity,
          before: { trend: previousTrend, score: highestScore },
          after: { trend, score: evaluation.score, tier: evaluation.tier, ownerId: snapshot.ownerId },
        };
      }
    }
    return plan;
  }

  return {
    async recalculatePartners(portalId, companyIds, callOptions = {}) {
      const logger = (callOptions.logger ?? options.logger).child({ portalId });
      const report = emptyReport();
      for (const ids of chunk([...new Set(companyIds)], RECALCULATION_LOAD_SIZE)) {
        await recalculateBatch(portalId, ids, logger, report);
      }
      logger.info(
        {
          companies: companyIds.length,
          evaluated: report.evaluated,
          written: report.written.length,
          unchanged: report.unchanged.length,
          contactsWritten: report.contactsWritten,
          notPartners: report.notPartners.length,
          missing: report.missing.length,
          failed: report.failed.length,
          notes: report.notes,
          tasks: report.tasks,
        },
        'partners recalculated',
      );
      return report;
    },
  };
}

/** Company id → why it failed: its own write refused, or a contact of it refused. */
function failuresByCompany(result: WriteResult, contactOwner: ReadonlyMap<string, string>): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const failure of result.failed) {
    const companyId = failure.objectType === 'companies' ? failure.id : contactOwner.get(failure.id);
    if (companyId === undefined) continue;
    const reason = failure.objectType === 'companies' ? `${failure.category}: ${failure.reason}` : `contact ${failure.id}: ${failure.category}: ${failure.reason}`;
    reasons.set(companyId, reasons.has(companyId) ? `${reasons.get(companyId)}; ${reason}` : reason);
  }
  return reasons;
}

/** One audit entry per record whose outputs were written: the values before and after. */
function auditEntries(
  portalId: string,
  result: WriteResult,
  evaluated: Evaluated[],
  contactOwner: ReadonlyMap<string, string>,
  at: number,
  ruleVersion: string,
): AuditEntryInput[] {
  const companies = new Map(evaluated.map((partner) => [partner.company.id, partner]));
  const contacts = new Map(evaluated.flatMap((partner) => partner.contacts.map((contact) => [contact.id, contact] as const)));
  const entries: AuditEntryInput[] = [];
  for (const record of result.written) {
    const current = record.objectType === 'companies' ? companies.get(record.id)?.company.properties : contacts.get(record.id)?.properties;
    // The timestamp changes with every other change; it says nothing on its own.
    const after = Object.fromEntries(Object.entries(record.properties).filter(([name]) => name !== 'pe_readiness_evaluated_at'));
    if (Object.keys(after).length === 0) continue;
    const before = Object.fromEntries(Object.keys(after).map((name) => [name, current?.[name] ?? '']));
    if (record.objectType === 'companies') {
      entries.push({ portalId, companyId: record.id, actor: SYSTEM, action: 'outputs.changed', before, after, ruleVersion, at });
    } else {
      entries.push({ portalId, companyId: contactOwner.get(record.id), contactId: record.id, actor: SYSTEM, action: 'contact-outputs.changed', before, after, ruleVersion, at });
    }
  }
  return entries;
}
