import { afterEach, describe, expect, inject, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { activeTracks, aPartnerContact, CLIENT_SECRET, lastConsentLink, startTrainingRig, type TrainingRig } from './training-harness.js';

const redisUrl = inject('redisUrl');
let rig: TrainingRig;

afterEach(async () => {
  await rig?.stop();
});

const operator = { type: 'operator' as const, id: 'test' };
const contactProperties = (contactId: string) => rig.sandbox.store.getContact(contactId)?.properties ?? {};
const tokenOf = (link: string) => link.split('/').at(-1)!;

async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('offering a training track', () => {
  it('makes it pending, not active, and emails the contact a consent link', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox);

    const result = await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator });

    expect(result).toMatchObject({ outcome: 'consent_requested', consentRequestedFrom: 'a***@partner.example', warnings: [] });
    expect(contactProperties(contactId)).toMatchObject({ pe_pending_tracks: 'sales' });
    expect(contactProperties(contactId).pe_active_tracks ?? '').toBe('');
    expect(lastConsentLink(rig.outbox, contactId)).toMatch(new RegExp(`^${rig.web.url}/training/consent/v1\\.`));
  });

  it('warns, and still offers, a track outside the contact\'s role audience', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox, { role: 'sales' });

    const result = await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'technical', actor: operator });

    expect(result.outcome).toBe('consent_requested');
    expect(result.warnings).toEqual([`The Technical track is meant for se, consultant; contact ${contactId} is in the sales role. Assigned anyway.`]);
  });

  it('sends nothing more when the track is already waiting for consent', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox);
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator });

    const again = await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator });

    expect(again.outcome).toBe('already_pending');
    expect(rig.outbox.outbox).toHaveLength(1);
  });

  it('refuses a contact without an email address, since consent cannot be asked', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox, { email: null });

    expect(await codeOf(() => rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator }))).toBe('CONSENT_REQUIRED');
    expect(contactProperties(contactId).pe_pending_tracks ?? '').toBe('');
  });

  it('refuses a fourth track to a contact with three active ones, with the reason, in the audit trail', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox);
    await activeTracks(rig, contactId, ['foundation', 'sales', 'technical']);

    const code = await codeOf(() => rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'advanced', actor: operator }));

    expect(code).toBe('TRACK_LIMIT');
    const refused = (await rig.audit.forContact(rig.portalId, contactId)).filter((entry) => entry.action === 'training.assignment-refused');
    expect(refused.map((entry) => entry.after)).toEqual([{ track: 'advanced', reason: 'track-limit', activeTracks: 3 }]);
  });

  it('is refused for a contact that is not the card company\'s', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox);
    const other = aPartnerContact(rig.sandbox);

    const code = await codeOf(() => rig.training.assignTraining({ portalId: rig.portalId, contactId, companyId: other.companyId, track: 'sales', actor: operator }));

    expect(code).toBe('FORBIDDEN');
  });

  it('takes a signed API call', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId, companyId } = aPartnerContact(rig.sandbox);
    const url = `${rig.web.url}/api/training-assignments?portalId=${rig.portalId}`;
    const body = JSON.stringify({ contactId, companyId, track: 'foundation', userId: '9' });
    const timestamp = String(rig.clock.now);

    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature-v3': signAsHubSpot.v3({ secret: CLIENT_SECRET, method: 'POST', url, body, timestamp }),
        'x-hubspot-request-timestamp': timestamp,
      },
    });

    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ outcome: 'consent_requested', track: 'foundation' });
    const [entry] = await rig.audit.forContact(rig.portalId, contactId);
    expect(entry).toMatchObject({ action: 'training.assigned', actor: { type: 'hubspot-user', id: '9' } });
  });

  it('refuses an unsigned API call and offers nothing', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox);

    const response = await fetch(`${rig.web.url}/api/training-assignments?portalId=${rig.portalId}`, {
      method: 'POST',
      body: JSON.stringify({ contactId, track: 'sales' }),
      headers: { 'content-type': 'application/json' },
    });

    expect(response.status).toBe(401);
    expect(rig.outbox.outbox).toEqual([]);
  });
});

describe('answering a consent link', () => {
  it('activates the track with a deadline at the end of the day, the track\'s duration later, in the partner\'s zone', async () => {
    // 2026-05-04T23:30Z is already 2026-05-05 in Berlin: two weeks later is 2026-05-19.
    rig = await startTrainingRig(redisUrl, '2026-05-04T23:30:00Z');
    const { contactId } = aPartnerContact(rig.sandbox, { timeZone: 'Europe/Berlin' });
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator });

    const page = await rig.training.decideConsent(tokenOf(lastConsentLink(rig.outbox, contactId)), 'accept');

    expect(page).toMatchObject({ kind: 'accepted', deadlineOn: '2026-05-19' });
    expect(contactProperties(contactId)).toMatchObject({ pe_active_tracks: 'sales', pe_next_training_deadline: '2026-05-19' });
    expect(contactProperties(contactId).pe_pending_tracks ?? '').toBe('');
  });

  it('records who accepted what in the audit trail', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId, companyId } = aPartnerContact(rig.sandbox);
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator });

    await rig.training.decideConsent(tokenOf(lastConsentLink(rig.outbox, contactId)), 'accept');

    const accepted = (await rig.audit.forCompany(rig.portalId, companyId)).filter((entry) => entry.action === 'training.accepted');
    expect(accepted).toMatchObject([{ actor: { type: 'contact', id: contactId }, before: { state: 'pending' }, after: { track: 'sales', state: 'active' } }]);
  });

  it('refuses a fourth active track with the reason and leaves the offer pending', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox);
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'advanced', actor: operator });
    const fourth = tokenOf(lastConsentLink(rig.outbox, contactId));
    await activeTracks(rig, contactId, ['foundation', 'sales', 'technical']);

    const page = await rig.training.decideConsent(fourth, 'accept');

    expect(page).toMatchObject({ kind: 'limit', max: 3, activeTrackNames: ['Foundation', 'Sales', 'Technical'] });
    expect(contactProperties(contactId)).toMatchObject({ pe_active_tracks: 'foundation;sales;technical', pe_pending_tracks: 'advanced' });
  });

  it('changes nothing the second time a link is used', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox);
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator });
    const token = tokenOf(lastConsentLink(rig.outbox, contactId));
    await rig.training.decideConsent(token, 'accept');

    const page = await rig.training.decideConsent(token, 'decline');

    expect(page).toMatchObject({ kind: 'already-decided', state: 'active' });
    expect(contactProperties(contactId).pe_active_tracks).toBe('sales');
  });

  it('changes nothing with an expired link', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox);
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator });
    rig.clock.now += 15 * 86_400_000;

    const page = await rig.training.decideConsent(tokenOf(lastConsentLink(rig.outbox, contactId)), 'accept');

    expect(page).toEqual({ kind: 'link-expired' });
    expect(contactProperties(contactId).pe_active_tracks ?? '').toBe('');
  });

  it('declines: the track leaves the pending list and never becomes active', async () => {
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox);
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator });

    const page = await rig.training.decideConsent(tokenOf(lastConsentLink(rig.outbox, contactId)), 'decline');

    expect(page.kind).toBe('declined');
    expect(contactProperties(contactId).pe_pending_tracks ?? '').toBe('');
    expect(contactProperties(contactId).pe_active_tracks ?? '').toBe('');
  });
});
