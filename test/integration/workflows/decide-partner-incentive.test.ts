import { describe, expect, inject, it } from 'vitest';
import { IncentiveRequestStore } from '../../../src/incentives/incentive-request-store.js';
import { answerOf, executionRequest, postAction, useWorkflowActionsApp } from './enablement-app-harness.js';

const redisUrl = inject('redisUrl');
const ACTION = 'decide-partner-incentive';

describe('Decide partner incentive', () => {
  const app = useWorkflowActionsApp(redisUrl);

  async function decide(objectId: string, inputFields: Record<string, unknown>) {
    const response = await postAction(app.services, app.web, ACTION, executionRequest(app.services, { objectId, inputFields }));
    expect(response.status).toBe(200);
    return (await answerOf(response)).outputFields as Record<string, string>;
  }

  /** A partner with a contact who asked for a three-year cross-sell bonus of USD 2,000.00. */
  async function aBonusRequest(): Promise<{ companyId: string; contactId: string; requestId: string }> {
    const { sandbox, db, portalId } = app.services;
    const companyId = sandbox.ui.createCompany({ name: 'Bonus Partners', pe_is_partner: 'true', pe_tier: 'silver' });
    const contactId = sandbox.ui.createContact({ firstname: 'Grace', lastname: 'Hopper', email: 'grace@bonus.example' });
    sandbox.ui.associate(contactId, companyId);
    const requestId = `req-${companyId}`;
    await new IncentiveRequestStore(db).submit(
      { id: requestId, portalId, partnerId: companyId, contactId, type: 'bonus', details: { kind: 'cross_sell', description: 'Analytics' }, amount: { amountMinor: 200_000, currency: 'USD' }, submittedAt: app.services.clock.now },
      [],
      { type: 'contact', id: contactId },
    );
    return { companyId, contactId, requestId };
  }

  it('approves a bonus: accrual and approval rows, the audit trail and an email to the contact who asked', async () => {
    const { companyId, contactId, requestId } = await aBonusRequest();

    const outputs = await decide(companyId, { request_id: requestId, decision: 'approve' });

    expect(outputs).toMatchObject({ decision_outcome: 'decided', request_status: 'approved', decided_amount: 'USD 2,000.00', hs_execution_state: 'SUCCESS' });
    const rows = await app.services.db.selectFrom('ledger_entries').select(['kind', 'amount_minor']).where('partner_id', '=', companyId).orderBy('id').execute();
    expect(rows.map((row) => `${row.kind} ${row.amount_minor}`)).toEqual(['accrual 200000', 'approval 200000']);
    const mail = app.services.mail.outbox.find((message) => message.template === 'incentive-decision' && message.contactId === contactId);
    expect(mail?.to).toBe('grace@bonus.example');
    expect(mail?.text).toContain('is approved for USD 2,000.00');
    const audit = (await app.services.audit.forContact(app.services.portalId, contactId)).find((entry) => entry.action === 'incentive.decided');
    expect(audit?.actor.type).toBe('workflow');

    // Sent again, nothing new is recorded and nobody is emailed twice.
    expect(await decide(companyId, { request_id: requestId, decision: 'approve' })).toMatchObject({ decision_outcome: 'decided', request_status: 'approved' });
    expect(await app.services.db.selectFrom('ledger_entries').selectAll().where('partner_id', '=', companyId).execute()).toHaveLength(2);
    expect(app.services.mail.outbox.filter((message) => message.template === 'incentive-decision' && message.contactId === contactId)).toHaveLength(1);
  });

  it('refuses to reject without a reason and to pay what is not approved, and does not decide another company\'s request', async () => {
    const { companyId, requestId } = await aBonusRequest();
    const other = app.services.sandbox.ui.createCompany({ name: 'Other Partners', pe_is_partner: 'true' });

    expect(await decide(companyId, { request_id: requestId, decision: 'reject' })).toMatchObject({ decision_outcome: 'refused', decision_message: 'A rejection needs a reason.' });
    expect(await decide(companyId, { request_id: requestId, decision: 'pay' })).toMatchObject({ decision_outcome: 'refused' });
    expect(await decide(other, { request_id: requestId, decision: 'approve' })).toMatchObject({ decision_outcome: 'not_found' });
    expect(await app.services.db.selectFrom('ledger_entries').selectAll().where('partner_id', '=', companyId).execute()).toEqual([]);
    expect(await decide(companyId, { request_id: requestId, decision: 'reject', reason: 'Not incremental revenue' })).toMatchObject({ decision_outcome: 'decided', request_status: 'rejected' });
    const mail = app.services.mail.outbox.find((message) => message.template === 'incentive-decision' && message.subject.startsWith('Not approved'));
    expect(mail?.text).toContain('The reason: Not incremental revenue');
  });
});
