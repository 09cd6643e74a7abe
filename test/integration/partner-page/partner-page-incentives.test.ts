import { afterEach, describe, expect, inject, it } from 'vitest';
import { decideIncentiveRequest, type DecideIncentiveInput } from '../../../src/incentives/decide-incentive-request.js';
import { IncentiveRequestStore } from '../../../src/incentives/incentive-request-store.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aPartnerContact, formTokenOf, postForm, startPartnerPageRig, type PartnerPageRig } from './partner-page-harness.js';

const redisUrl = inject('redisUrl');
let rig: PartnerPageRig;

afterEach(async () => {
  await rig?.stop();
});

const operator = { type: 'operator' as const, id: 'test' };
/** A Monday. */
const START = '2026-05-04T10:00:00Z';
const DAY = 86_400_000;

async function openPage(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(200);
  return response.text();
}

function section(html: string): string {
  return html.slice(html.indexOf('id="incentives"'));
}

/** A SPIFF accrual as the deal rules record it. */
async function seedSpiff(store: IncentiveRequestStore, portalId: string, partnerId: string, dealId: string, amountMinor: number): Promise<string> {
  const key = `deal:${dealId}:spiff:first_win:accrual:0`;
  await store.append(portalId, [{
    key,
    partnerId,
    kind: 'accrual',
    bucket: 'spiff',
    rule: 'first_win',
    amount: { amountMinor, currency: 'USD' },
    source: { type: 'deal', id: dealId },
    reason: 'first won deal',
    occurredOn: '2026-05-01',
    reverses: null,
  }], { type: 'workflow', id: 'deal-rules' });
  return key;
}

function decide(store: IncentiveRequestStore, portalId: string, requestId: string, decision: DecideIncentiveInput['decision'], today: string, reason: string | null = null) {
  return decideIncentiveRequest({ store, program: DEFAULT_PROGRAM }, {
    portalId,
    requestId,
    decision,
    reason,
    actor: { type: 'user', id: '7' },
    today,
    officialTier: 'silver',
    currency: 'USD',
  });
}

describe('incentives on the partner page', () => {
  it('lists a claimable SPIFF with its claim-by date, claims it once and shows the claim pending, then approved and paid', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const store = new IncentiveRequestStore(rig.db);
    const { companyId, contactId } = aPartnerContact(rig.sandbox);
    const accrualKey = await seedSpiff(store, rig.portalId, companyId, '42', 100_000);
    const { url } = await rig.partnerPage.links.issue(contactId, operator);
    const before = section(await openPage(url));
    expect(before).toContain('First win SPIFF on deal 42');
    expect(before).toContain('USD 1,000.00, claim by Sunday 31 May 2026.');

    const claimed = await postForm(`${url}/incentives`, { form_token: formTokenOf(before), form: 'spiff_claim', accrualKey });
    const html = section(await claimed.text());

    expect(claimed.status).toBe(201);
    expect(html).not.toContain(`data-spiff="${accrualKey}"`);
    expect(html).toContain('Status: <strong class="status">Pending decision</strong>');
    const [request] = await rig.db.selectFrom('incentive_requests').selectAll().execute();
    expect(request).toMatchObject({ partner_id: companyId, contact_id: contactId, type: 'spiff_claim', amount_minor: '100000', currency: 'USD' });
    const claimRows = await rig.db.selectFrom('ledger_entries').selectAll().where('kind', '=', 'claim').execute();
    expect(claimRows).toHaveLength(1);
    expect(claimRows[0]).toMatchObject({ bucket: 'spiff', rule: 'first_win', source_type: 'deal', source_id: '42', amount_minor: '100000' });
    // Claiming again: it is no longer claimable, and nothing new is written.
    const again = await postForm(`${url}/incentives`, { form_token: formTokenOf(before), form: 'spiff_claim', accrualKey });
    expect(again.status).toBe(404);
    expect(await rig.db.selectFrom('incentive_requests').selectAll().execute()).toHaveLength(1);
    const audit = (await rig.audit.forContact(rig.portalId, contactId)).find((entry) => entry.action === 'partner-page.incentive-submitted');
    expect(audit?.after).toMatchObject({ type: 'spiff_claim', requestId: request!.id, duplicate: false });

    expect(await decide(store, rig.portalId, request!.id, 'pay', '2026-05-05')).toMatchObject({ outcome: 'refused' });
    expect(await decide(store, rig.portalId, request!.id, 'approve', '2026-05-05')).toMatchObject({ outcome: 'decided', status: 'approved', amount: { amountMinor: 100_000 }, added: 1 });
    expect(await decide(store, rig.portalId, request!.id, 'approve', '2026-05-05')).toMatchObject({ outcome: 'decided', added: 0 });
    expect(section(await openPage(url))).toContain('Status: <strong class="status">Approved</strong>');
    expect(await decide(store, rig.portalId, request!.id, 'pay', '2026-05-06')).toMatchObject({ outcome: 'decided', status: 'paid', amount: { amountMinor: 100_000 } });
    expect(section(await openPage(url))).toContain('Status: <strong class="status">Paid</strong>');
    const kinds = (await rig.db.selectFrom('ledger_entries').select(['kind', 'amount_minor']).orderBy('id').execute()).map((row) => `${row.kind} ${row.amount_minor}`);
    expect(kinds).toEqual(['accrual 100000', 'claim 100000', 'approval 100000', 'payment 100000']);
  });

  it('requests MDF within the tier allocation, re-renders a refused request with its problems, and claims the reimbursement after the activity', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const store = new IncentiveRequestStore(rig.db);
    const { companyId, contactId } = aPartnerContact(rig.sandbox);
    rig.sandbox.ui.updateCompany(companyId, { pe_tier: 'silver' });
    const { url } = await rig.partnerPage.links.issue(contactId, operator);
    const page = section(await openPage(url));
    expect(page).toContain("The vendor reimburses 50% of an activity cost, up to USD 5,000.00 still available this year (program year 2026, 1 January 2026 – 31 December 2026; allocation USD 5,000.00).");
    const token = formTokenOf(page);
    const event = { form_token: token, form: 'mdf_request', activity: 'events', activityStart: '2026-05-10', activityEnd: '2026-05-12', description: 'Customer day in Berlin' };

    const tooMuch = await postForm(`${url}/incentives`, { ...event, plannedCost: '12,000', activityStart: '2026-05-04' });
    const refused = await tooMuch.text();
    expect(tooMuch.status).toBe(400);
    expect(refused).toContain('Start date: a request must be decided before the activity starts');
    expect(refused).toContain('Planned cost: the reimbursed share is more than the funds still available this year.');
    expect(refused).toContain('value="12,000"');
    expect(await rig.db.selectFrom('incentive_requests').selectAll().execute()).toEqual([]);

    const sent = await postForm(`${url}/incentives`, { ...event, plannedCost: '6000' });
    expect(sent.status).toBe(201);
    const request = await rig.db.selectFrom('incentive_requests').selectAll().executeTakeFirstOrThrow();
    expect(request).toMatchObject({ type: 'mdf_request', amount_minor: '300000', currency: 'USD' });
    expect(await decide(store, rig.portalId, request.id, 'approve', '2026-05-05')).toMatchObject({ outcome: 'decided', status: 'approved' });
    expect(section(await openPage(url))).toContain('up to USD 2,000.00 still available this year');

    // The day after the activity ends, the claim form is offered.
    rig.clock.now = Date.parse(START) + 9 * DAY;
    const afterActivity = section(await openPage(url));
    expect(afterActivity).toContain(`data-mdf-claim="${request.id}"`);
    const claimFields = { form_token: token, form: 'mdf_claim', mdfRequestId: request.id, actualCost: '4000', results: '40 customers came' };
    const noProof = await postForm(`${url}/incentives`, { ...claimFields, proofUrl: 'not a link' });
    expect(noProof.status).toBe(400);
    expect(await noProof.text()).toContain('Proof link: enter a web link');
    const claim = await postForm(`${url}/incentives`, { ...claimFields, proofUrl: 'https://invoices.example/123' });
    expect(claim.status).toBe(201);
    const claimRequest = await rig.db.selectFrom('incentive_requests').selectAll().where('type', '=', 'mdf_claim').executeTakeFirstOrThrow();
    expect(claimRequest).toMatchObject({ amount_minor: '400000' });

    // Reimbursed min(3,000, 4,000 × ½, allocation left) = 2,000; the unused 1,000 is released.
    expect(await decide(store, rig.portalId, claimRequest.id, 'approve', '2026-05-14')).toMatchObject({ outcome: 'decided', amount: { amountMinor: 200_000 }, added: 2 });
    expect(await decide(store, rig.portalId, claimRequest.id, 'pay', '2026-05-15')).toMatchObject({ outcome: 'decided', status: 'paid', amount: { amountMinor: 200_000 } });
    const rows = (await rig.db.selectFrom('ledger_entries').select(['kind', 'amount_minor']).orderBy('id').execute()).map((row) => `${row.kind} ${row.amount_minor}`);
    expect(rows).toEqual(['approval 300000', 'claim 200000', 'verification 200000', 'approval -100000', 'payment 200000']);
    expect(section(await openPage(url))).toContain('up to USD 3,000.00 still available this year');
  });

  it('requests a strategic bonus at the program rate and names what is missing', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { contactId } = aPartnerContact(rig.sandbox);
    const { url } = await rig.partnerPage.links.issue(contactId, operator);
    const token = formTokenOf(await openPage(url));

    const missing = await postForm(`${url}/incentives`, { form_token: token, form: 'bonus', kind: 'cross_sell', incrementalRevenue: '40000', contractYears: '0', description: '' });
    const refused = await missing.text();
    expect(missing.status).toBe(400);
    expect(refused).toContain('Contract years: enter a whole number of years, 1 or more.');
    expect(refused).toContain('Description: say which customer and deal the bonus is for.');

    const sent = await postForm(`${url}/incentives`, { form_token: token, form: 'bonus', kind: 'cross_sell', incrementalRevenue: '40,000', contractYears: '3', description: 'Northwind adds analytics' });
    expect(sent.status).toBe(201);
    // A three-year cross-sell pays 3 % + 2 × 1 % of USD 40,000.00.
    expect(section(await sent.text())).toContain('Amount: USD 2,000.00');
    const store = new IncentiveRequestStore(rig.db);
    const request = await rig.db.selectFrom('incentive_requests').selectAll().executeTakeFirstOrThrow();
    expect(await decide(store, rig.portalId, request.id, 'reject', '2026-05-05')).toMatchObject({ outcome: 'refused', message: 'A rejection needs a reason.' });
    expect(await decide(store, rig.portalId, request.id, 'reject', '2026-05-05', 'Not incremental')).toMatchObject({ outcome: 'decided', status: 'rejected' });
    expect(section(await openPage(url))).toContain('Status: <strong class="status">Rejected</strong>');
  });

  it("refuses a form without the page's token and shows nothing of another partner", async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const store = new IncentiveRequestStore(rig.db);
    const mine = aPartnerContact(rig.sandbox);
    const rival = aPartnerContact(rig.sandbox, { companyName: 'Rival Resellers', email: 'bob@rival.example', firstName: 'Bob' });
    const rivalKey = await seedSpiff(store, rig.portalId, rival.companyId, '99', 50_000);
    const { url } = await rig.partnerPage.links.issue(mine.contactId, operator);
    const page = section(await openPage(url));
    expect(page).not.toContain('deal 99');

    const forged = await postForm(`${url}/incentives`, { form_token: 'forged', form: 'spiff_claim', accrualKey: rivalKey });
    expect(forged.status).toBe(403);
    const foreign = await postForm(`${url}/incentives`, { form_token: formTokenOf(page), form: 'spiff_claim', accrualKey: rivalKey });
    expect(foreign.status).toBe(404);
    expect(await rig.db.selectFrom('incentive_requests').selectAll().execute()).toEqual([]);
  });
});
