import { DateTime } from 'luxon';
import { describeGap } from '../domain/describe-gap.js';
import { tierRank } from '../domain/tier-requirements.js';
import type { ContactSnapshot, PartnerEvaluation } from '../domain/types.js';
import type { NewNote, NewTask } from '../hubspot/partner-repository.js';
import type { Program, TierOrNone } from '../program/program-schema.js';

/*
 * The texts the app leaves in HubSpot for people: a note on the company when its tier changes, and
 * a task for the company owner when its readiness starts declining. Plain text (HubSpot shows it
 * as typed), names from the program, at most a few gaps so the timeline stays readable.
 */

const GAPS_SHOWN = 5;

function tierName(tier: TierOrNone, program: Program): string {
  return tier === 'none' ? 'no tier' : program.tiers[tier].name;
}

function gapLines(evaluation: PartnerEvaluation, program: Program, contacts: readonly ContactSnapshot[]): string[] {
  const lines = evaluation.gaps.slice(0, GAPS_SHOWN).map((gap) => `- ${describeGap(gap, program, contacts)}`);
  const more = evaluation.gaps.length - GAPS_SHOWN;
  if (more > 0) lines.push(`- and ${more} more (see the Partner enablement card)`);
  return lines;
}

export interface TierChange {
  companyId: string;
  companyName: string | null;
  from: TierOrNone;
  to: TierOrNone;
  previousScore: number | null;
  evaluation: PartnerEvaluation;
  contacts: readonly ContactSnapshot[];
  at: number;
}

/** The note a tier change leaves on the company's timeline. */
export function composeTierChangeNote(change: TierChange, program: Program): NewNote {
  const { evaluation } = change;
  const direction = tierRank(change.to) < tierRank(change.from) ? 'dropped' : 'rose';
  const scoreLine =
    change.previousScore === null ? `Readiness score: ${evaluation.score}.` : `Readiness score: ${evaluation.score} (was ${change.previousScore}).`;
  const gaps = gapLines(evaluation, program, change.contacts);
  const lines = [
    `Partner tier ${direction} from ${tierName(change.from, program)} to ${tierName(change.to, program)}.`,
    scoreLine,
    `Permissions now: ${evaluation.permissions.length > 0 ? evaluation.permissions.join(', ') : 'none'}.`,
    ...(gaps.length > 0 ? ['', evaluation.targetTier ? `To reach ${tierName(evaluation.targetTier, program)}:` : 'Open gaps:', ...gaps] : []),
    '',
    'Written by the Partner enablement app.',
  ];
  return { companyId: change.companyId, at: change.at, body: lines.join('\n') };
}

export interface Decline {
  companyId: string;
  companyName: string | null;
  ownerId: string | null;
  timeZone: string;
  /** Highest score of the trend window, when the drop is in score (null when only the tier fell). */
  highestScore: number | null;
  previousTier: TierOrNone | null;
  evaluation: PartnerEvaluation;
  contacts: readonly ContactSnapshot[];
  at: number;
}

/** The task for the company owner when a partner's readiness starts declining; due the next morning in the partner's zone. */
export function composeDecliningTask(decline: Decline, program: Program): NewTask {
  const { evaluation } = decline;
  const name = decline.companyName ?? `company ${decline.companyId}`;
  const why: string[] = [];
  if (decline.highestScore !== null && decline.highestScore > evaluation.score) {
    why.push(`The readiness score fell to ${evaluation.score} from ${decline.highestScore} within ${program.trend.windowDays} days.`);
  }
  if (decline.previousTier !== null && decline.previousTier !== evaluation.tier) {
    why.push(`The tier fell from ${tierName(decline.previousTier, program)} to ${tierName(evaluation.tier, program)}.`);
  }
  if (why.length === 0) why.push(`The readiness score is ${evaluation.score}.`);
  const gaps = gapLines(evaluation, program, decline.contacts);
  const body = [
    `${name}'s partner readiness is declining.`,
    ...why,
    ...(gaps.length > 0 ? ['', 'What would help most:', ...gaps] : []),
    '',
    'Created once by the Partner enablement app when the trend turned to declining.',
  ].join('\n');
  const dueAt = DateTime.fromMillis(decline.at, { zone: decline.timeZone }).plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  return {
    subject: `Partner readiness declining: ${name}`,
    body,
    dueAt: dueAt.toMillis(),
    companyId: decline.companyId,
    ownerId: decline.ownerId,
    priority: 'HIGH',
  };
}
