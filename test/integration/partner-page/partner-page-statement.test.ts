import { afterEach, describe, expect, inject, it } from 'vitest';
import { decideIncentiveRequest } from '../../../src/incentives/decide-incentive-request.js';
import { IncentiveRequestStore } from '../../../src/incentives/incentive-request-store.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aPartnerContact, formTokenOf, postForm, startPartnerPageRig, type PartnerPageRig } from './partner-page-harness.js';

const redisUrl = inject('redisUrl');
let rig: PartnerPageRig;

afterEach(async () => {
  await rig?.stop();
});

const operator = { type: 'operator' as const, id: 'test' };
/** In 2026Q2: the last closed quarter is 2026Q1. */
const START = '2026-05-04T10:00:00Z';

async function accrue(store: IncentiveRequestStore, portalId: string, partnerId: string, dealId: string, amountMinor: number, occurredOn: string): Promise<void> {
  await store.append(portalId, [{
    key: `deal:${dealId}:spiff:first_win:accrual:0`,
    partnerId,
    kind: 'accrual',
    bucket: 'spiff',
    rule: 'first_win',
    amount: { amountMinor, currency: 'USD' },
    source: { type: 'deal', id: dealId },
    reason: 'first won deal',
    occurredOn,
    reverses: null,
  }], { type: 'workflow', id: 'deal-rules' });
}

/** The statement tables of the page, one array of rows (label and cells) per table, by caption. */
function statementTables(html: string): Array<{ heading: string; tables: Record<string, string[][]> }> {
  const start = html.indexOf('<div id="statements">');
  expect(start).toBeGreaterThan(-1);
  const block = html.slice(start, html.indexOf('<h3>SPIFFs to claim</h3>'));
  return [...block.matchAll(/<div class="statement"><h4>([^<]*)<\/h4>(.*?)<\/div>/g)].map(([, heading, body]) => ({
    heading: heading!,
    tables: Object.fromEntries([...body!.matchAll(/<table><caption>([^<]*)<\/caption>(.*?)<\/table>/g)].map(([, caption, table]) => [
      caption!,
      [...table!.matchAll(/<tbody>(.*)<\/tbody>/g)].flatMap(([, rows]) => [...rows!.matchAll(/<tr>(.*?)<\/tr>/g)].map(([, row]) => [...row!.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((cell) => cell[1]!))),
    ])),
  }));
}

describe('the statement on the partner page', () => {
  it('shows the last closed quarter and the current quarter to date, every amount with its currency, of the contact\'s own partner only', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const store = new IncentiveRequestStore(rig.db);
    const own = aPartnerContact(rig.sandbox);
    const other = aPartnerContact(rig.sandbox, { companyName: 'Other Partners', email: 'grace@other.example', firstName: 'Grace' });
    await accrue(store, rig.portalId, own.companyId, '1', 100_000, '2026-03-10');
    await accrue(store, rig.portalId, own.companyId, '2', 250_000, '2026-04-20');
    await accrue(store, rig.portalId, other.companyId, '3', 777_700, '2026-03-11');
    const { url } = await rig.partnerPage.links.issue(own.contactId, operator);

    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(200);
    const html = await response.text();
    const [closed, current, ...more] = statementTables(html);

    expect(more).toEqual([]);
    expect(closed!.heading).toBe('Last closed quarter: 2026Q1 (1 January 2026 – 31 March 2026)');
    expect(current!.heading).toBe('This quarter to date: 2026Q2 (1 April 2026 – 30 June 2026)');
    const incentives = 'Incentives (SPIFFs, rebates, bonuses)';
    expect(closed!.tables[incentives]).toEqual([
      ['accrued', 'USD 1,000.00', 'USD 1,000.00', 'USD 1,000.00'],
      ['approved', 'USD 0.00', 'USD 0.00', 'USD 0.00'],
      ['paid', 'USD 0.00', 'USD 0.00', 'USD 0.00'],
    ]);
    expect(current!.tables[incentives]![0]).toEqual(['accrued', 'USD 2,500.00', 'USD 3,500.00', 'USD 3,500.00']);
    expect(current!.tables['Accrued in the quarter']).toEqual([
      ['SPIFFs', 'USD 2,500.00'],
      ['volume rebate', 'USD 0.00'],
      ['strategic bonuses', 'USD 0.00'],
    ]);
    expect(current!.tables['Market development funds, program year 2026 (tier none)']!.map((row) => row[0])).toEqual(['allocation', 'approved', 'paid', 'available']);
    expect(html).not.toContain('7,777.00');
  });

  it('in instant governance (no quarter close) shows the MDF of the company\'s pe_tier, and the statement and the MDF form agree on what is available', async () => {
    expect(DEFAULT_PROGRAM.governance.mode).toBe('instant');
    rig = await startPartnerPageRig(redisUrl, START);
    const store = new IncentiveRequestStore(rig.db);
    const { companyId, contactId } = aPartnerContact(rig.sandbox);
    rig.sandbox.ui.updateCompany(companyId, { pe_tier: 'gold' });
    const { url } = await rig.partnerPage.links.issue(contactId, operator);
    const before = await (await fetch(url, { redirect: 'manual' })).text();
    const sent = await postForm(`${url}/incentives`, {
      form_token: formTokenOf(before), form: 'mdf_request', activity: 'events', activityStart: '2026-05-10', activityEnd: '2026-05-12', description: 'Customer day', plannedCost: '8000',
    });
    expect(sent.status).toBe(201);
    const request = await rig.db.selectFrom('incentive_requests').selectAll().executeTakeFirstOrThrow();
    expect(await decideIncentiveRequest({ store, program: DEFAULT_PROGRAM }, {
      portalId: rig.portalId, requestId: request.id, decision: 'approve', reason: null, actor: { type: 'user', id: '7' }, today: '2026-05-05', officialTier: 'gold', currency: 'USD',
    })).toMatchObject({ outcome: 'decided', status: 'approved' });
    expect(await rig.db.selectFrom('tier_snapshots').selectAll().execute()).toEqual([]);

    const html = await (await fetch(url, { redirect: 'manual' })).text();
    const [closed, current] = statementTables(html);
    const mdf = 'Market development funds, program year 2026 (tier gold)';
    expect(current!.tables[mdf]).toEqual([
      ['allocation', 'USD 20,000.00'],
      ['approved', 'USD 4,000.00'],
      ['paid', 'USD 0.00'],
      ['available', 'USD 16,000.00'],
    ]);
    expect(closed!.tables[mdf]).toEqual([
      ['allocation', 'USD 20,000.00'],
      ['approved', 'USD 0.00'],
      ['paid', 'USD 0.00'],
      ['available', 'USD 20,000.00'],
    ]);
    // The MDF form counts the same: the allocation of pe_tier less the year's approvals.
    expect(html).toContain('up to USD 16,000.00 still available this year');
  });
});
