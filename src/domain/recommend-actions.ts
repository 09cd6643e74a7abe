import { TRACK_IDS, type Program, type TrackId } from '../program/program-schema.js';
import { daysBetween } from './calendar-date.js';
import { contactDisplayName, describeGap } from './describe-gap.js';
import { hasRecentActivity } from './has-recent-activity.js';
import { tierRequirements } from './tier-requirements.js';
import type { ContactSnapshot, Gap, PartnerEvaluation, PartnerSnapshot } from './types.js';

/** When a partner manager should act. */
export type ActionHorizon = 'immediately' | 'this_week' | 'this_month';

export const ACTION_HORIZONS: readonly ActionHorizon[] = ['immediately', 'this_week', 'this_month'];

/** One thing to do, in words a partner manager can forward as is. */
export interface RecommendedAction {
  horizon: ActionHorizon;
  text: string;
  /** The gap the action closes, when it comes from one. */
  gap?: Gap;
}

/** Renewals this close to expiry are for this week; later ones for this month. */
export const THIS_WEEK_RENEWAL_DAYS = 14;
/** Recent activity about to fall out of its window within this many days is flagged this week. */
const ACTIVITY_NOTICE_DAYS = 14;
/** How many people to name as candidates for a missing training track. */
const CANDIDATES_NAMED = 3;

function tierName(tier: PartnerEvaluation['tier'], program: Program): string {
  return tier === 'none' ? 'None' : program.tiers[tier].name;
}

/** A renewal whose loss would take the partner below its current tier's certification minimum. */
function tierDependsOn(evaluation: PartnerEvaluation, program: Program): boolean {
  if (evaluation.tier === 'none') return false;
  return evaluation.validCertifications - 1 < tierRequirements(evaluation.tier, program).minCertifications;
}

function renewalAction(gap: Extract<Gap, { type: 'renewal' }>, evaluation: PartnerEvaluation, snapshot: PartnerSnapshot, program: Program): RecommendedAction {
  const horizon: ActionHorizon =
    gap.expiresInDays < 0 ? 'immediately' : gap.expiresInDays <= THIS_WEEK_RENEWAL_DAYS ? 'this_week' : 'this_month';
  const risk = tierDependsOn(evaluation, program) ? ` — the ${tierName(evaluation.tier, program)} tier depends on it` : '';
  return { horizon, text: `${describeGap(gap, program, snapshot.contacts)}${risk}`, gap };
}

/** People who could take a track: its audience, not already on it, with room for another track. */
function trackCandidates(track: TrackId, snapshot: PartnerSnapshot, program: Program): ContactSnapshot[] {
  const audience = program.trainingTracks[track].audience;
  return snapshot.contacts.filter(
    (contact) =>
      (audience.includes('all') || (contact.role !== null && audience.includes(contact.role))) &&
      !contact.activeTracks.includes(track) &&
      !contact.pendingTracks.includes(track) &&
      contact.activeTracks.length < program.maxActiveTracks,
  );
}

function gapAction(gap: Exclude<Gap, { type: 'renewal' }>, evaluation: PartnerEvaluation, snapshot: PartnerSnapshot, program: Program): RecommendedAction {
  const target = evaluation.targetTier ? ` toward ${tierName(evaluation.targetTier, program)}` : '';
  let text = `${describeGap(gap, program, snapshot.contacts)}${target}`;
  if (gap.type === 'training') {
    const candidates = trackCandidates(gap.track, snapshot, program).slice(0, CANDIDATES_NAMED);
    if (candidates.length > 0) {
      const names = candidates.map((c) => contactDisplayName(c.contactId, snapshot.contacts)).join(', ');
      text += ` — offer it to ${names}`;
    }
  }
  return { horizon: 'this_month', text, gap };
}

function consentActions(snapshot: PartnerSnapshot, program: Program): RecommendedAction[] {
  return snapshot.contacts
    .filter((contact) => contact.pendingTracks.length > 0)
    .map((contact) => {
      const tracks = TRACK_IDS.filter((t) => contact.pendingTracks.includes(t)).map((t) => program.trainingTracks[t].name);
      const what = tracks.length === 1 ? `the ${tracks[0]} track` : `the ${tracks.join(', ')} tracks`;
      return {
        horizon: 'this_week' as const,
        text: `Follow up with ${contactDisplayName(contact.contactId, snapshot.contacts)} to accept ${what} (awaiting consent)`,
      };
    });
}

function activityAction(evaluation: PartnerEvaluation, snapshot: PartnerSnapshot, program: Program): RecommendedAction[] {
  const points = program.scoreWeights.recentActivity;
  if (points <= 0) return [];
  const last = snapshot.lastEnablementActivity;
  if (!hasRecentActivity(last, evaluation.asOf, program)) {
    const since = last ? `the last one was on ${last}` : 'none is recorded';
    return [{ horizon: 'this_week', text: `Log an enablement activity (training session, webinar, workshop): ${since}; it is worth ${points} points` }];
  }
  const daysLeft = program.activityWindowDays - daysBetween(last as string, evaluation.asOf);
  if (daysLeft > ACTIVITY_NOTICE_DAYS) return [];
  return [
    {
      horizon: 'this_week',
      text: `Plan the next enablement activity: the last one (${last}) stops counting in ${daysLeft} day${daysLeft === 1 ? '' : 's'}, taking ${points} points with it`,
    },
  ];
}

/**
 * What a partner manager should do next, by when. The rule:
 *
 * - immediately — renew certifications already in their grace period (they stop counting when it ends);
 * - this week — renew certifications expiring within 14 days; follow up on tracks awaiting a
 *   contact's consent; log an enablement activity when none is recent, or when the last one
 *   leaves the activity window within 14 days;
 * - this month — renew certifications expiring later; close the training and certification gaps
 *   toward the target tier (most urgent first), naming who could take a missing track.
 *
 * A renewal the current tier depends on says so. Within a horizon, actions keep the order of the
 * gaps (most urgent first).
 */
export function recommendActions(evaluation: PartnerEvaluation, snapshot: PartnerSnapshot, program: Program): RecommendedAction[] {
  const actions: RecommendedAction[] = [];
  for (const gap of evaluation.gaps) {
    actions.push(gap.type === 'renewal' ? renewalAction(gap, evaluation, snapshot, program) : gapAction(gap, evaluation, snapshot, program));
  }
  actions.push(...consentActions(snapshot, program), ...activityAction(evaluation, snapshot, program));
  return ACTION_HORIZONS.flatMap((horizon) => actions.filter((action) => action.horizon === horizon));
}
