import type {
  CertificationView,
  GapView,
  NotAPartnerResponse,
  PartnerEnablementData,
  Recommendation,
  TeamMemberView,
  TrackView,
  Trend as CardTrend,
} from '../../extensions/app/cards/card-data.js';
import { describeGap } from '../domain/describe-gap.js';
import { recommendActions } from '../domain/recommend-actions.js';
import type { CalendarDate, ContactSnapshot, HeldCertification, PartnerEvaluation, PartnerSnapshot } from '../domain/types.js';
import type { Program, TrackId } from '../program/program-schema.js';
import { orderCertifications } from './order-certifications.js';

/** Contact id → track → the last day to finish it (active tracks only). */
export type TrainingDeadlines = ReadonlyMap<string, ReadonlyMap<TrackId, CalendarDate>>;

/** What the partner card shows besides the evaluation. */
export interface PartnerCardExtras {
  /** `pe_readiness_trend` as HubSpot holds it; null until the partner has score history. */
  trend: CardTrend | null;
  /** When an output last changed (`pe_readiness_evaluated_at`), ISO 8601 UTC; null if never written. */
  evaluatedAt: string | null;
  /** Deadlines of the contacts' active tracks, from the training assignments. */
  deadlines: TrainingDeadlines;
}

/** How a person is named on the card: full name, else email, else null. */
export function personName(contact: Pick<ContactSnapshot, 'firstName' | 'lastName' | 'email'> | undefined): string | null {
  if (!contact) return null;
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return name || contact.email || null;
}

/** The earliest of some dates (`YYYY-MM-DD` strings order like the days they name); null for none. */
export function earliestDate(dates: Iterable<CalendarDate | undefined>): CalendarDate | null {
  let earliest: CalendarDate | null = null;
  for (const date of dates) if (date && (earliest === null || date < earliest)) earliest = date;
  return earliest;
}

function tierName(tier: PartnerEvaluation['tier'], program: Program): string {
  return tier === 'none' ? 'None' : program.tiers[tier].name;
}

function trackViews(evaluation: PartnerEvaluation, snapshot: PartnerSnapshot, program: Program, deadlines: TrainingDeadlines): TrackView[] {
  return evaluation.tracks.map((progress) => ({
    id: progress.track,
    name: program.trainingTracks[progress.track].name,
    completed: progress.completed,
    total: progress.total,
    complete: progress.complete,
    deadline: earliestDate(
      snapshot.contacts
        .filter((contact) => contact.activeTracks.includes(progress.track))
        .map((contact) => deadlines.get(contact.contactId)?.get(progress.track)),
    ),
  }));
}

function certificationView(held: HeldCertification, contacts: readonly ContactSnapshot[], program: Program): CertificationView {
  return {
    certificationId: held.certificationId,
    name: program.certifications[held.certificationId]?.name ?? held.certificationId,
    contactId: held.contactId,
    holderName: personName(contacts.find((contact) => contact.contactId === held.contactId)),
    status: held.status,
    earnedOn: held.earnedOn,
    expiresOn: held.expiresOn,
    daysToExpiry: held.daysToExpiry,
  };
}

function gapView(gap: PartnerEvaluation['gaps'][number], contacts: readonly ContactSnapshot[], program: Program): GapView {
  const label = describeGap(gap, program, contacts);
  switch (gap.type) {
    case 'training':
      return { type: 'training', priority: gap.priority, label, track: gap.track, remainingModules: gap.remainingModules ?? null };
    case 'certification':
      return { type: 'certification', priority: gap.priority, label, needed: gap.needed, recommended: gap.recommended };
    case 'renewal':
      return {
        type: 'renewal',
        priority: 'high',
        label,
        certificationId: gap.certification,
        contactId: gap.contactId,
        holderName: personName(contacts.find((contact) => contact.contactId === gap.contactId)),
        expiresInDays: gap.expiresInDays,
      };
    case 'requirement':
      return { type: 'requirement', priority: gap.priority, label, requirement: gap.shortfall.requirement, missing: 'missing' in gap.shortfall ? gap.shortfall.missing : null };
  }
}

function teamMember(
  contact: ContactSnapshot,
  evaluation: PartnerEvaluation,
  program: Program,
  deadlines: TrainingDeadlines,
): TeamMemberView {
  const own = orderCertifications(evaluation.certifications.filter((held) => held.contactId === contact.contactId));
  const ownDeadlines = deadlines.get(contact.contactId);
  return {
    contactId: contact.contactId,
    name: personName(contact),
    email: contact.email,
    role: contact.role,
    activeTracks: [...contact.activeTracks],
    pendingTracks: [...contact.pendingTracks],
    nextTrainingDeadline: earliestDate(contact.activeTracks.map((track) => ownDeadlines?.get(track))),
    certifications: own.map((held) => ({
      certificationId: held.certificationId,
      name: program.certifications[held.certificationId]?.name ?? held.certificationId,
      status: held.status,
      expiresOn: held.expiresOn,
    })),
    validCertifications: evaluation.contacts.find((c) => c.contactId === contact.contactId)?.validCertifications ?? 0,
  };
}

function recommendations(evaluation: PartnerEvaluation, snapshot: PartnerSnapshot, program: Program): Recommendation[] {
  return recommendActions(evaluation, snapshot, program).map((action) => ({ when: action.horizon, text: action.text }));
}

/**
 * The partner card's data (card-data.ts `PartnerEnablementData`) from an evaluation of the partner
 * as HubSpot holds it now. Pure: names come from the program, deadlines and trend are passed in.
 */
export function buildPartnerCard(
  snapshot: PartnerSnapshot,
  evaluation: PartnerEvaluation,
  program: Program,
  extras: PartnerCardExtras,
): PartnerEnablementData {
  const contacts = snapshot.contacts;
  const next = evaluation.nextTier;
  return {
    isPartner: true,
    companyId: snapshot.companyId,
    companyName: snapshot.name,
    asOf: evaluation.asOf,
    score: evaluation.score,
    tier: { id: evaluation.tier, name: tierName(evaluation.tier, program) },
    nextTier: next ? { id: next, name: program.tiers[next].name, targetScore: program.tiers[next].targetScore } : null,
    pointsToNextTier: evaluation.pointsToNextTier,
    targetTier: evaluation.targetTier ? { id: evaluation.targetTier, name: program.tiers[evaluation.targetTier].name } : null,
    trend: extras.trend,
    permissions: [...evaluation.permissions],
    tracks: trackViews(evaluation, snapshot, program, extras.deadlines),
    certifications: orderCertifications(evaluation.certifications).map((held) => certificationView(held, contacts, program)),
    gaps: evaluation.gaps.map((gap) => gapView(gap, contacts, program)),
    team: contacts.map((contact) => teamMember(contact, evaluation, program, extras.deadlines)),
    recommendations: recommendations(evaluation, snapshot, program),
    evaluatedAt: extras.evaluatedAt,
    ...(evaluation.business ? { health: { ...evaluation.business.health, components: evaluation.business.health.components.map((c) => ({ ...c })) } } : {}),
  };
}

/** The card's answer for a company that is not a partner: it shows its "not a partner" message. */
export function buildNotAPartnerCard(snapshot: Pick<PartnerSnapshot, 'companyId' | 'name'>): NotAPartnerResponse {
  return { isPartner: false, companyId: snapshot.companyId, companyName: snapshot.name };
}
