import { describe, expect, inject, it } from 'vitest';
import { answerOf, executionRequest, postAction, useWorkflowActionsApp } from './enablement-app-harness.js';

const redisUrl = inject('redisUrl');
const ACTION = 'send-partner-page-link';

describe('Send partner page link', () => {
  const app = useWorkflowActionsApp(redisUrl);

  async function send(contactId: string) {
    return postAction(app.services, app.web, ACTION, executionRequest(app.services, { objectId: contactId, objectType: 'CONTACT', inputFields: {} }));
  }

  it('emails the partner contact a personal partner page link and records it', async () => {
    const partner = app.services.sandbox.seed.partners[0]!;
    const contactId = partner.contactIds[0]!;
    const email = app.services.sandbox.store.getContact(contactId)!.properties.email;

    const response = await send(contactId);

    expect(response.status).toBe(200);
    expect((await answerOf(response)).outputFields).toEqual({ link_status: 'sent', hs_execution_state: 'SUCCESS' });
    const sent = app.services.mail.outbox.filter((message) => message.template === 'partner-page-link' && message.contactId === contactId);
    expect(sent.map((message) => message.to)).toEqual([email]);
    const token = sent[0]!.text.match(/\/p\/([A-Za-z0-9._-]+)/)?.[1];
    expect(await app.services.partnerLinks.open(token!)).toMatchObject({ link: { contactId, companyId: partner.id } });
    const audit = await app.services.audit.forContact(app.services.portalId, contactId);
    expect(audit.filter((entry) => entry.action === 'partner-link.issued').map((entry) => entry.actor.type)).toEqual(['workflow']);
  });

  it('answers not_a_partner_contact for a contact with no partner company, and sends nothing', async () => {
    const contactId = app.services.sandbox.ui.createContact({ firstname: 'Walk', lastname: 'In', email: 'walk-in@example.com' });

    const { outputFields } = await answerOf(await send(contactId));

    expect(outputFields).toEqual({ link_status: 'not_a_partner_contact', hs_execution_state: 'SUCCESS' });
    expect(app.services.mail.outbox.filter((message) => message.contactId === contactId)).toEqual([]);
  });
});
