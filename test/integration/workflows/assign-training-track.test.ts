import { describe, expect, inject, it } from 'vitest';
import { answerOf, executionRequest, giveActiveTracks, postAction, useWorkflowActionsApp } from './enablement-app-harness.js';

const redisUrl = inject('redisUrl');
const ACTION = 'assign-training-track';

describe('Assign training track', () => {
  const app = useWorkflowActionsApp(redisUrl);

  /** A contact of a partner with an email, no tracks; one per test. */
  let next = 0;
  function freshContact(): string {
    const contactIds = app.services.sandbox.seed.partners.flatMap((partner) => partner.contactIds);
    return contactIds[next++]!;
  }

  async function assign(contactId: string, inputFields: Record<string, unknown>, options: Parameters<typeof postAction>[4] = {}) {
    const body = executionRequest(app.services, { objectId: contactId, objectType: 'CONTACT', inputFields });
    return postAction(app.services, app.web, ACTION, body, options);
  }

  const emailsTo = (contactId: string) => app.services.mail.outbox.filter((message) => message.to === app.services.sandbox.store.getContact(contactId)!.properties.email);

  it('offers the track: pending until the contact consents, and asks them by email', async () => {
    const contactId = freshContact();

    const response = await assign(contactId, { track: 'sales' });

    expect(response.status).toBe(200);
    expect((await answerOf(response)).outputFields).toEqual({ assignment_status: 'consent_requested', hs_execution_state: 'SUCCESS' });
    expect(await app.services.training.contactTracks(app.services.portalId, contactId)).toMatchObject([{ track: 'sales', state: 'pending' }]);
    expect(app.services.sandbox.store.getContact(contactId)!.properties.pe_pending_tracks).toBe('sales');
    expect(app.services.sandbox.store.getContact(contactId)!.properties.pe_active_tracks ?? '').toBe('');
    expect(emailsTo(contactId)).toHaveLength(1);
  });

  it('answers already_pending when asked again while the link is live, and sends nothing more', async () => {
    const contactId = freshContact();
    await assign(contactId, { track: 'technical' });

    const { outputFields } = await answerOf(await assign(contactId, { track: 'technical' }));

    expect(outputFields).toEqual({ assignment_status: 'already_pending', hs_execution_state: 'SUCCESS' });
    expect(emailsTo(contactId)).toHaveLength(1);
  });

  it('answers already_active for a track the contact accepted', async () => {
    const contactId = freshContact();
    await giveActiveTracks(app.services, contactId, ['foundation']);

    const { outputFields } = await answerOf(await assign(contactId, { track: 'foundation' }));

    expect(outputFields).toEqual({ assignment_status: 'already_active', hs_execution_state: 'SUCCESS' });
  });

  it('answers track_limit_reached for a fourth active track, offers nothing and sends nothing', async () => {
    const contactId = freshContact();
    await giveActiveTracks(app.services, contactId, ['foundation', 'sales', 'technical']);

    const { outputFields } = await answerOf(await assign(contactId, { track: 'advanced' }));

    expect(outputFields).toEqual({ assignment_status: 'track_limit_reached', hs_execution_state: 'SUCCESS' });
    expect((await app.services.training.contactTracks(app.services.portalId, contactId)).map((entry) => entry.track).sort()).toEqual(['foundation', 'sales', 'technical']);
    expect(emailsTo(contactId)).toHaveLength(0);
  });

  it('fails for a track that does not exist, naming the field', async () => {
    const contactId = freshContact();

    const { outputFields } = await answerOf(await assign(contactId, { track: 'cooking' }));

    expect(outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'INVALID_INPUT' });
    expect(outputFields.errorMessage).toMatch(/^Assign training track: Training track "cooking" is not valid/);
    expect(await app.services.training.contactTracks(app.services.portalId, contactId)).toEqual([]);
  });

  it('fails when the contact has no email, since consent cannot be asked', async () => {
    const contactId = app.services.sandbox.ui.createContact({ firstname: 'No', lastname: 'Mail' });

    const { outputFields } = await answerOf(await assign(contactId, { track: 'sales' }));

    expect(outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'CONSENT_REQUIRED' });
    expect(outputFields.errorMessage).toContain('has no email address');
  });

  it('fails with NOT_FOUND for a contact the portal does not have', async () => {
    const { outputFields } = await answerOf(await assign('987654321', { track: 'sales' }));

    expect(outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'NOT_FOUND' });
  });

  it('answers 401 to an unsigned request: nothing offered, nothing sent', async () => {
    const contactId = freshContact();

    const response = await assign(contactId, { track: 'sales' }, { signature: 'none' });

    expect(response.status).toBe(401);
    expect(await app.services.training.contactTracks(app.services.portalId, contactId)).toEqual([]);
    expect(emailsTo(contactId)).toHaveLength(0);
  });

  it('answers 401 to a forged signature: nothing offered', async () => {
    const contactId = freshContact();

    const response = await assign(contactId, { track: 'sales' }, { secret: 'guessed' });

    expect(response.status).toBe(401);
    expect(await app.services.training.contactTracks(app.services.portalId, contactId)).toEqual([]);
  });

  it('audits the offer with the workflow as the actor', async () => {
    const contactId = freshContact();

    await assign(contactId, { track: 'advanced' });

    const entries = await app.services.audit.forContact(app.services.portalId, contactId);
    expect(entries.at(-1)).toMatchObject({ action: 'training.assigned', actor: { type: 'workflow', id: '4242' } });
  });
});
