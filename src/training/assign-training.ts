import { randomUUID } from 'node:crypto';
import type { AuditActor } from '../audit/audit-trail.js';
import { todayIn } from '../domain/calendar-date.js';
import { AppError } from '../errors.js';
import { readContactAndPartner } from '../lifecycle/read-contact-and-partner.js';
import { maskEmailAddress } from '../mail/mask-email-address.js';
import { renderTrainingConsentEmail } from '../mail/render-training-consent-email.js';
import { TRACK_IDS, type TrackId } from '../program/program-schema.js';
import { signConsentToken } from './consent-token.js';
import { describeAudienceWarning } from './describe-audience-warning.js';
import { syncContactTracks } from './sync-contact-tracks.js';
import type { TrainingAssignment } from './training-assignment.js';
import { consentPath, type TrainingDependencies } from './training-dependencies.js';

/** A request to offer a track to a contact. */
export interface AssignTrainingInput {
  portalId: string;
  contactId: string;
  track: TrackId;
  actor: AuditActor;
  /** The company the request came from (a card): the contact must be associated with it. */
  companyId?: string;
}

/** What became of the offer. The same strings as the card's and the workflow action's outcomes. */
export interface AssignTrainingResult {
  outcome: 'consent_requested' | 'already_pending' | 'already_active';
  contactId: string;
  track: TrackId;
  assignmentId: string;
  /** Where the consent request went, masked (`j***@example.com`); null when none was sent now. */
  consentRequestedFrom: string | null;
  /** E.g. the track is outside the contact's role audience (assigned anyway). */
  warnings: string[];
}

const DEFAULT_LINK_DAYS = 14;

/**
 * Offers a training track to a contact: never assigns it. Creates a pending assignment, emails the
 * contact a signed, single-use consent link, marks the track in `pe_pending_tracks` and records it
 * in the audit trail. Asking again while a link is live answers `already_pending` and sends nothing.
 *
 * Throws `TRACK_LIMIT` when the contact already has the program's maximum of active tracks,
 * `CONSENT_REQUIRED` when the contact has no email address (consent cannot be asked), `NOT_FOUND`
 * for an unknown contact, `FORBIDDEN` when `companyId` is given and the contact is not its.
 */
export async function assignTraining(deps: TrainingDependencies, input: AssignTrainingInput): Promise<AssignTrainingResult> {
  if (!TRACK_IDS.includes(input.track)) throw new AppError('INVALID_INPUT', `"${String(input.track)}" is not a training track; use ${TRACK_IDS.join(', ')}.`);
  const now = (deps.now ?? Date.now)();
  const { program, store } = deps;
  const found = await readContactAndPartner(deps, input.portalId, input.contactId, input.companyId ? { companyId: input.companyId } : {});
  const { contact } = found;
  const companyId = found.company?.id || null;
  const warning = describeAudienceWarning(input.track, contact, program);
  const warnings = warning ? [warning] : [];
  const base = { contactId: input.contactId, track: input.track, warnings };

  const current = (await store.contactTracks(input.portalId, input.contactId)).find((entry) => entry.track === input.track);
  if (current?.state === 'active') return { ...base, outcome: 'already_active', assignmentId: current.assignmentId, consentRequestedFrom: null };
  if (current?.state === 'pending' && current.linkExpiresAt >= now) {
    await syncContactTracks(deps, input.portalId, input.contactId, found.record.properties);
    return { ...base, outcome: 'already_pending', assignmentId: current.assignmentId, consentRequestedFrom: null };
  }
  if (!contact.email) {
    throw new AppError('CONSENT_REQUIRED', `Contact ${input.contactId} has no email address, so their consent cannot be asked: add one, then assign the track again.`);
  }

  const linkExpiresAt = now + (deps.consentLinkDays ?? DEFAULT_LINK_DAYS) * 86_400_000;
  const assignment: TrainingAssignment = {
    id: randomUUID(),
    portalId: input.portalId,
    contactId: input.contactId,
    companyId,
    track: input.track,
    state: 'pending',
    contactFirstName: contact.firstName,
    timeZone: found.timeZone,
    assignedAt: now,
    assignedBy: input.actor,
    linkExpiresAt,
    decidedAt: null,
    deadlineOn: null,
    deadlineAt: null,
    warnings,
  };
  const created = await store.createPending(assignment, program.maxActiveTracks, now);
  if (created.outcome === 'limit') {
    await deps.audit.record({
      portalId: input.portalId,
      companyId: companyId ?? undefined,
      contactId: input.contactId,
      actor: input.actor,
      action: 'training.assignment-refused',
      after: { track: input.track, reason: 'track-limit', activeTracks: created.activeCount },
      at: now,
    });
    throw new AppError('TRACK_LIMIT', `Contact ${input.contactId} already has ${created.activeCount} active training tracks, the most the program allows (${program.maxActiveTracks}); a track must be finished first.`);
  }
  if (created.outcome !== 'created') {
    // Another request won a race for the same track: answer as it would have been answered.
    return { ...base, outcome: created.outcome === 'already-active' ? 'already_active' : 'already_pending', assignmentId: created.existingId, consentRequestedFrom: null };
  }

  const pageUrl = (await deps.partnerPageUrl?.(input.contactId, input.actor)) ?? null;
  const token = signConsentToken({ assignmentId: assignment.id, expiresAt: linkExpiresAt }, deps.signingSecret);
  const track = program.trainingTracks[input.track];
  try {
    await deps.mail.send(
      renderTrainingConsentEmail({
        to: contact.email,
        contactId: input.contactId,
        firstName: contact.firstName,
        lastName: contact.lastName,
        trackName: track.name,
        trackPurpose: track.purpose,
        durationWeeks: track.durationWeeks,
        consentUrl: pageUrl ?? `${deps.publicBaseUrl}${consentPath(token)}`,
        viaPartnerPage: pageUrl !== null,
        linkExpiresOn: todayIn(found.timeZone, linkExpiresAt),
        reference: assignment.id,
      }),
    );
  } catch (error) {
    // No email, no consent: take the offer back so that asking again sends a fresh one.
    await store.withdraw(assignment);
    throw error;
  }
  await syncContactTracks(deps, input.portalId, input.contactId, found.record.properties);
  await deps.audit.record({
    portalId: input.portalId,
    companyId: companyId ?? undefined,
    contactId: input.contactId,
    actor: input.actor,
    action: 'training.assigned',
    before: { activeTracks: contact.activeTracks, pendingTracks: contact.pendingTracks },
    after: { assignmentId: assignment.id, track: input.track, state: 'pending', linkExpiresAt, warnings },
    at: now,
  });
  deps.logger.info({ portalId: input.portalId, contactId: input.contactId, companyId, track: input.track, assignmentId: assignment.id }, 'training offered; consent requested');
  return { ...base, outcome: 'consent_requested', assignmentId: assignment.id, consentRequestedFrom: maskEmailAddress(contact.email) };
}
