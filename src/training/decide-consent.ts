import { trainingDeadline } from '../domain/training-deadline.js';
import { openConsentToken, pageTrack } from './consent-page-for-token.js';
import type { ConsentPageView } from './render-consent-page.js';
import { syncContactTracks } from './sync-contact-tracks.js';
import type { TrainingAssignment } from './training-assignment.js';
import type { TrainingDependencies } from './training-dependencies.js';
import type { Logger } from '../logger.js';

/** The person's answer on the consent page. */
export type ConsentDecision = 'accept' | 'decline';

/**
 * Applies the answer given through a consent link, once: the assignment moves from pending to
 * active (with its deadline: now + the track's duration, end of that day in the partner's zone) or
 * declined in one atomic step, so a second click, a replayed form or a race of two tabs changes
 * nothing. Accepting beyond the active-track limit is refused with the reason and leaves the offer
 * pending. HubSpot's contact properties follow, and the audit trail records who did what.
 * An expired, forged or used link changes nothing and answers the page that says so.
 */
export async function decideConsent(deps: TrainingDependencies, token: string, decision: ConsentDecision): Promise<ConsentPageView> {
  const now = (deps.now ?? Date.now)();
  const opened = await openConsentToken(deps, token, now);
  if ('page' in opened) {
    deps.logger.info({ problem: opened.problem, decision }, 'consent link refused');
    return opened.page;
  }
  return decideAssignment(deps, opened.assignment, decision, now);
}

/**
 * Applies an answer to a pending assignment already opened (by its consent link, or on the
 * partner page by the contact it was offered to): see {@link decideConsent}.
 */
export async function decideAssignment(deps: TrainingDependencies, assignment: TrainingAssignment, decision: ConsentDecision, now: number): Promise<ConsentPageView> {
  const track = pageTrack(assignment, deps.program);
  const audit = {
    portalId: assignment.portalId,
    companyId: assignment.companyId ?? undefined,
    contactId: assignment.contactId,
    actor: { type: 'contact' as const, id: assignment.contactId },
    at: now,
  };
  const log = deps.logger.child({ portalId: assignment.portalId, contactId: assignment.contactId, assignmentId: assignment.id, track: assignment.track });

  if (decision === 'decline') {
    const result = await deps.store.decline(assignment, now);
    if (result.outcome !== 'declined') return usedPage(deps, assignment.id, track);
    const hubspotUpdated = await syncAfterDecision(deps, assignment, log);
    await deps.audit.record({
      ...audit,
      action: 'training.declined',
      before: { state: 'pending' },
      after: { assignmentId: assignment.id, track: assignment.track, state: 'declined', hubspotUpdated },
    });
    log.info('training declined');
    return { kind: 'declined', track };
  }

  const deadline = trainingDeadline(now, track.durationWeeks, assignment.timeZone);
  const max = deps.program.maxActiveTracks;
  const result = await deps.store.accept(assignment, { now, maxActive: max, deadlineOn: deadline.date, deadlineAt: deadline.at });
  if (result.outcome === 'limit') {
    const active = (await deps.store.contactTracks(assignment.portalId, assignment.contactId)).filter((entry) => entry.state === 'active');
    const activeTrackNames = active.map((entry) => deps.program.trainingTracks[entry.track].name);
    await deps.audit.record({
      ...audit,
      action: 'training.accept-refused',
      after: { assignmentId: assignment.id, track: assignment.track, reason: 'track-limit', activeTracks: active.map((entry) => entry.track) },
    });
    log.info('training acceptance refused: active-track limit');
    return { kind: 'limit', track, activeTrackNames, max };
  }
  if (result.outcome !== 'active') return usedPage(deps, assignment.id, track);
  const hubspotUpdated = await syncAfterDecision(deps, assignment, log);
  await deps.audit.record({
    ...audit,
    action: 'training.accepted',
    before: { state: 'pending' },
    after: { assignmentId: assignment.id, track: assignment.track, state: 'active', deadlineOn: deadline.date, hubspotUpdated },
  });
  log.info({ deadlineOn: deadline.date }, 'training accepted');
  return { kind: 'accepted', track, deadlineOn: deadline.date };
}

/**
 * The decision is recorded once it is in Redis; HubSpot's copy follows. If HubSpot cannot be
 * written now, the person still sees their answer taken (it was), the failure is logged and
 * audited, and the next write of the contact's training properties carries it.
 */
async function syncAfterDecision(deps: TrainingDependencies, assignment: TrainingAssignment, log: Logger): Promise<boolean> {
  try {
    await syncContactTracks(deps, assignment.portalId, assignment.contactId);
    return true;
  } catch (error) {
    log.error({ err: { message: (error as Error).message } }, 'consent recorded but HubSpot could not be updated');
    return false;
  }
}

async function usedPage(deps: Pick<TrainingDependencies, 'store'>, assignmentId: string, track: ReturnType<typeof pageTrack>): Promise<ConsentPageView> {
  const latest = await deps.store.get(assignmentId);
  const state = latest?.state === 'pending' || !latest ? 'withdrawn' : latest.state;
  return { kind: 'already-decided', track, state };
}
