import { loadEvaluatedPartner } from '../cards/load-evaluated-partner.js';
import { todayIn } from '../domain/calendar-date.js';
import { describeGap } from '../domain/describe-gap.js';
import { trainingDeadline } from '../domain/training-deadline.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import type { Program } from '../program/program-schema.js';
import { describeIncentivesForPage } from '../incentives/describe-incentives-for-page.js';
import type { IncentiveRequestStore } from '../incentives/incentive-request-store.js';
import { readIncentivePosition } from '../incentives/read-incentive-position.js';
import type { IncentiveStatementService } from '../incentives/incentive-statement-service.js';
import { describePartnerStatement } from '../incentives/describe-partner-statement.js';
import { describeStatementPeriod } from '../incentives/render-partner-statement.js';
import { addDays } from '../domain/calendar-date.js';
import { quarterContaining } from '../domain/governance/quarter-containing.js';
import type { TierOrNone } from '../program/program-schema.js';
import { officialTierOf } from '../domain/incentives/official-tier-of.js';
import type { RegistrationCustomerStore } from '../registrations/registration-customer-store.js';
import type { TrainingAssignmentStore } from '../training/training-assignment-store.js';
import type { PartnerLink } from './partner-link-store.js';
import type { PartnerPageContent, PartnerPageIncentives } from './partner-page-view.js';

/** What the page is read from. */
export interface LoadPartnerPageDependencies {
  repositoryFor(portalId: string): PartnerRepository;
  program: Program;
  trainingAssignments: TrainingAssignmentStore;
  /** The partner's registrations; without it the page has no Registrations form. */
  registrations?: Pick<RegistrationCustomerStore, 'readForPartner'>;
  /** Incentive requests; without them the page has no Incentives section. */
  incentives?: PartnerPageIncentiveSource;
}

/** Where the Incentives section is read from. */
export interface PartnerPageIncentiveSource {
  store: Pick<IncentiveRequestStore, 'ledgerOf' | 'requestsOf'>;
  /** The portal's company currency. */
  currency: string;
  /** The partner's statements; without them the page shows none. */
  statements?: Pick<IncentiveStatementService, 'statements'>;
}

/** How many registrations the page lists. */
const LISTED_REGISTRATIONS = 20;

function formatDueAt(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(at);
}

/**
 * The page of a link's contact: their partner evaluated the way the cards evaluate it (one
 * batched read, no writes), and their own training offers. Null when the contact is no longer one
 * of the link's partner's contacts: the page then shows nothing of that partner.
 */
export async function loadPartnerPage(
  deps: LoadPartnerPageDependencies,
  link: PartnerLink,
  page: { path: string; formToken: string; values?: Record<string, string>; problems?: string[]; incentiveForm?: { form: string; values: Record<string, string>; problems: string[] } },
  now: number,
): Promise<PartnerPageContent | null> {
  const { program } = deps;
  const { company, snapshot, evaluation } = await loadEvaluatedPartner(deps.repositoryFor(link.portalId), program, link.companyId, now);
  const contact = snapshot.contacts.find((candidate) => candidate.contactId === link.contactId);
  if (!contact) return null;
  const tracks = await deps.trainingAssignments.contactTracks(link.portalId, link.contactId);
  const assignments = await Promise.all(tracks.map(async (entry) => ({ entry, assignment: await deps.trainingAssignments.get(entry.assignmentId) })));
  const offers = assignments
    .filter(({ entry, assignment }) => entry.state === 'pending' && entry.linkExpiresAt >= now && assignment)
    .map(({ assignment }) => {
      const track = program.trainingTracks[assignment!.track];
      return {
        assignmentId: assignment!.id,
        name: track.name,
        purpose: track.purpose,
        durationWeeks: track.durationWeeks,
        deadlineIfAcceptedToday: trainingDeadline(now, track.durationWeeks, snapshot.timeZone).date,
      };
    });
  const activeTraining = assignments
    .filter(({ entry }) => entry.state === 'active')
    .map(({ entry, assignment }) => ({ name: program.trainingTracks[entry.track].name, deadlineOn: assignment?.deadlineOn ?? null }));
  const tier = evaluation
    ? {
        name: evaluation.tier === 'none' ? 'No tier yet' : program.tiers[evaluation.tier].name,
        score: evaluation.score,
        next: evaluation.nextTier ? { name: program.tiers[evaluation.nextTier].name, pointsToGo: evaluation.pointsToNextTier } : null,
      }
    : null;
  const registrations = deps.registrations
    ? {
        items: (await deps.registrations.readForPartner(link.portalId, link.companyId, LISTED_REGISTRATIONS)).map((entry) => ({
          registrationId: entry.registrationId,
          dealName: entry.dealName,
          customer: entry.customer,
          status: entry.status,
          conflict: entry.conflict,
          dueAt: entry.dueAt === null ? null : formatDueAt(entry.dueAt, snapshot.timeZone),
        })),
        values: page.values ?? {},
        problems: page.problems ?? [],
      }
    : null;
  const incentives = deps.incentives ? await loadIncentives(deps.incentives, program, link, officialTierOf(company.properties.pe_tier), snapshot.timeZone, todayIn(snapshot.timeZone, now), page.incentiveForm) : null;
  return {
    path: page.path,
    formToken: page.formToken,
    registrations,
    incentives,
    contactName: [contact.firstName, contact.lastName].filter(Boolean).join(' ') || null,
    companyName: snapshot.name,
    tier,
    tracks: (evaluation?.tracks ?? []).map((progress) => ({ name: program.trainingTracks[progress.track].name, ...progress })),
    gaps: (evaluation?.gaps ?? []).map((gap) => describeGap(gap, program, snapshot.contacts)),
    offers,
    activeTraining,
    trackLimit: { max: program.maxActiveTracks, reached: activeTraining.length >= program.maxActiveTracks },
    linkExpiresOn: todayIn(snapshot.timeZone, link.expiresAt),
  };
}

async function loadIncentives(
  source: PartnerPageIncentiveSource,
  program: Program,
  link: PartnerLink,
  officialTier: TierOrNone,
  timeZone: string,
  today: string,
  form: { form: string; values: Record<string, string>; problems: string[] } | undefined,
): Promise<PartnerPageContent['incentives']> {
  const [rows, requests, statements] = await Promise.all([
    source.store.ledgerOf(link.portalId, link.companyId),
    source.store.requestsOf(link.portalId, link.companyId, 1000),
    source.statements ? loadStatements(source.statements, program, link, officialTier, today) : [],
  ]);
  const position = readIncentivePosition({ rows, requests, officialTier, program, currency: source.currency, today });
  const described = describeIncentivesForPage(position, program);
  return {
    ...described,
    requests: described.requests.slice(0, LISTED_REGISTRATIONS),
    form: form?.form ?? null,
    values: form?.values ?? {},
    problems: form?.problems ?? [],
    statements,
    context: { officialTier, today, currency: source.currency, timeZone },
  };
}

/**
 * The link's partner's statements (docs/incentives.md, "Statements"): the last closed quarter and
 * the current quarter to date, read for that one partner only. With no quarter close yet the MDF
 * follows the company's `pe_tier`, as the MDF form does (docs/incentives.md, "Statements").
 */
async function loadStatements(service: Pick<IncentiveStatementService, 'statements'>, program: Program, link: PartnerLink, officialTier: TierOrNone, today: string): Promise<PartnerPageIncentives['statements']> {
  const fiscalStart = program.governance.fiscalYearStartMonth;
  const current = quarterContaining(today, fiscalStart);
  const closed = quarterContaining(addDays(current.firstDay, -1), fiscalStart);
  const currentTiers = new Map([[link.companyId, officialTier]]);
  const [last, now] = await Promise.all([
    service.statements(link.portalId, [link.companyId], closed, { currentTiers }),
    service.statements(link.portalId, [link.companyId], current, { currentTiers }),
  ]);
  return [
    { heading: 'Last closed quarter', statement: last.get(link.companyId)! },
    { heading: 'This quarter to date', statement: now.get(link.companyId)! },
  ].map(({ heading, statement }) => ({ heading: `${heading}: ${describeStatementPeriod(statement)}`, tables: describePartnerStatement(statement) }));
}
