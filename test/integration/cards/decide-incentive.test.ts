import { describe, expect, inject, it } from 'vitest';
import { CARD_ROUTES, type DecideIncentiveResponse, type PartnerEnablementData } from '../../../extensions/app/cards/card-data.js';
import { IncentiveRequestStore } from '../../../src/incentives/incentive-request-store.js';
import { cardRequest, useCardDataApp } from '../workflows/enablement-app-harness.js';

const redisUrl = inject('redisUrl');

describe('POST /hubspot/cards/partner-enablement/decide-incentive', () => {
  const app = useCardDataApp(redisUrl);

  async function aBonusRequest(): Promise<{ companyId: string; contactId: string; requestId: string }> {
    const { sandbox, db, portalId } = app.services;
    const companyId = sandbox.ui.createCompany({ name: 'Card Bonus Partners', pe_is_partner: 'true', pe_tier: 'silver' });
    const contactId = sandbox.ui.createContact({ firstname: 'Ada', lastname: 'Byron', email: 'ada@card-bonus.example' });
    sandbox.ui.associate(contactId, companyId);
    const requestId = `card-req-${companyId}`;
    await new IncentiveRequestStore(db).submit(
      { id: requestId, portalId, partnerId: companyId, contactId, type: 'bonus', details: { kind: 'reference', description: 'Case study' }, amount: { amountMinor: 25_000, currency: 'USD' }, submittedAt: app.services.clock.now },
      [],
      { type: 'contact', id: contactId },
    );
    return { companyId, contactId, requestId };
  }

  const decide = (companyId: string, body: unknown) =>
    cardRequest(app.services, app.web, 'POST', CARD_ROUTES.decideIncentive, { portalId: app.services.portalId, companyId }, { body });

  it('shows the pending request on the partner card, approves it, then marks it paid', async () => {
    const { companyId, contactId, requestId } = await aBonusRequest();
    const card = (await (await cardRequest(app.services, app.web, 'GET', CARD_ROUTES.partnerEnablement, { portalId: app.services.portalId, companyId })).json()) as PartnerEnablementData;
    expect(card.incentives).toEqual([expect.objectContaining({ requestId, title: 'Customer reference bonus', amount: 'USD 250.00', status: 'pending' })]);

    const approved = await decide(companyId, { requestId, decision: 'approve' });
    expect(approved.status).toBe(200);
    expect((await approved.json()) as DecideIncentiveResponse).toMatchObject({ outcome: 'decided', status: 'approved', open: [{ requestId, status: 'approved' }] });
    const paid = (await (await decide(companyId, { requestId, decision: 'pay' })).json()) as DecideIncentiveResponse;
    expect(paid).toMatchObject({ outcome: 'decided', status: 'paid', open: [] });
    const rows = await app.services.db.selectFrom('ledger_entries').select(['kind', 'amount_minor']).where('partner_id', '=', companyId).orderBy('id').execute();
    expect(rows.map((row) => `${row.kind} ${row.amount_minor}`)).toEqual(['accrual 25000', 'approval 25000', 'payment 25000']);
    expect(app.services.mail.outbox.filter((message) => message.contactId === contactId && message.template === 'incentive-decision').map((message) => message.subject)).toEqual([
      'Approved: Customer reference bonus',
      'Paid: Customer reference bonus',
    ]);
  });

  it("answers 404 for another company's request and a refusal for a rejection without a reason", async () => {
    const { requestId, companyId } = await aBonusRequest();
    const other = app.services.sandbox.ui.createCompany({ name: 'Other', pe_is_partner: 'true' });

    expect((await decide(other, { requestId, decision: 'approve' })).status).toBe(404);
    const refused = (await (await decide(companyId, { requestId, decision: 'reject' })).json()) as DecideIncentiveResponse;
    expect(refused).toMatchObject({ outcome: 'refused', message: 'A rejection needs a reason.' });
  });
});
