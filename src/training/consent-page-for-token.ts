import { todayIn } from '../domain/calendar-date.js';
import { trainingDeadline } from '../domain/training-deadline.js';
import { isAppError } from '../errors.js';
import type { Program } from '../program/program-schema.js';
import { verifyConsentToken, type ConsentTokenProblem } from './consent-token.js';
import type { ConsentPageTrack, ConsentPageView } from './render-consent-page.js';
import type { TrainingAssignment } from './training-assignment.js';
import { consentPath, type TrainingDependencies } from './training-dependencies.js';

export function pageTrack(assignment: Pick<TrainingAssignment, 'track'>, program: Program): ConsentPageTrack {
  const track = program.trainingTracks[assignment.track];
  return { name: track.name, purpose: track.purpose, durationWeeks: track.durationWeeks };
}

/** The pending assignment a token opens, or the page that says why it opens nothing. */
export async function openConsentToken(
  deps: Pick<TrainingDependencies, 'store' | 'signingSecret' | 'previousSigningSecret' | 'program'>,
  token: string,
  now: number,
): Promise<{ assignment: TrainingAssignment } | { page: ConsentPageView; problem: ConsentTokenProblem | 'unknown' | 'used' }> {
  let assignmentId: string;
  try {
    assignmentId = verifyConsentToken(token, [deps.signingSecret, ...(deps.previousSigningSecret ? [deps.previousSigningSecret] : [])], now).assignmentId;
  } catch (error) {
    if (!isAppError(error, 'LINK_INVALID')) throw error;
    const problem = (error.details as { problem: ConsentTokenProblem }).problem;
    return { page: { kind: problem === 'expired' ? 'link-expired' : 'link-invalid' }, problem };
  }
  const assignment = await deps.store.get(assignmentId);
  if (!assignment) return { page: { kind: 'link-invalid' }, problem: 'unknown' };
  if (assignment.state !== 'pending') {
    return { page: { kind: 'already-decided', track: pageTrack(assignment, deps.program), state: assignment.state }, problem: 'used' };
  }
  return { assignment };
}

/** What `GET /training/consent/:token` shows: the offer, or why the link opens nothing. */
export async function consentPageForToken(deps: Pick<TrainingDependencies, 'store' | 'signingSecret' | 'previousSigningSecret' | 'program'>, token: string, now: number): Promise<ConsentPageView> {
  const opened = await openConsentToken(deps, token, now);
  if ('page' in opened) return opened.page;
  const { assignment } = opened;
  const track = pageTrack(assignment, deps.program);
  const active = (await deps.store.contactTracks(assignment.portalId, assignment.contactId)).filter((entry) => entry.state === 'active');
  const max = deps.program.maxActiveTracks;
  return {
    kind: 'offer',
    formAction: consentPath(token),
    firstName: assignment.contactFirstName,
    track,
    deadlineIfAcceptedToday: trainingDeadline(now, track.durationWeeks, assignment.timeZone).date,
    linkExpiresOn: todayIn(assignment.timeZone, assignment.linkExpiresAt),
    limit: active.length >= max ? { activeTrackNames: active.map((entry) => deps.program.trainingTracks[entry.track].name), max } : null,
  };
}
