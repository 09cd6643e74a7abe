import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { money } from '../../../src/domain/money/money.js';
import { decideIncentiveRequest } from '../../../src/incentives/decide-incentive-request.js';
import { describeIncentivesForPage } from '../../../src/incentives/describe-incentives-for-page.js';
import { IncentiveRequestStore, type LedgerRow } from '../../../src/incentives/incentive-request-store.js';
import { IncentiveStatementService } from '../../../src/incentives/incentive-statement-service.js';
import { LedgerStore } from '../../../src/incentives/ledger-store.js';
import { readIncentivePosition } from '../../../src/incentives/read-incentive-position.js';
import { submitIncentiveRequest, type IncentivePartner } from '../../../src/incentives/submit-incentive-request.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Program } from '../../../src/program/program-schema.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const PORTAL = '7070';
const PARTNER = '880';
/** A program whose fiscal (and so MDF) year runs from 1 July to 30 June: FY2027 is July 2026 – June 2027. */
const PROGRAM: Program = { ...DEFAULT_PROGRAM, governance: { ...DEFAULT_PROGRAM.governance, fiscalYearStartMonth: 7 } };
const operator = { type: 'operator' as const, id: 'test' };

function mdfApproval(key: string, occurredOn: string, amountMinor: number): LedgerRow {
  return {
    key, partnerId: PARTNER, kind: 'approval', bucket: 'mdf', rule: 'events', amount: money(amountMinor, 'USD'),
    source: { type: 'request', id: key }, reason: 'MDF events approved', occurredOn, reverses: null,
  };
}

/**
 * docs/incentives.md, "MDF": the allocation is per program year, the program's fiscal year. A
 * Silver partner (USD 5,000 a year) had USD 4,000 approved in May 2026 (FY2026) and USD 1,000 in
 * August 2026 (FY2027). Counted by calendar year, 2026 would have nothing left; counted by fiscal
 * year, FY2027 has USD 4,000 left — and in January 2027 the calendar year would start afresh while
 * FY2027 still runs.
 */
describe('the MDF program year with a fiscal year starting in July', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let store: IncentiveRequestStore;

  const partnerOn = (today: string): IncentivePartner => ({ portalId: PORTAL, partnerId: PARTNER, contactId: null, officialTier: 'silver', currency: 'USD', today });
  const requestMdf = (today: string, plannedCost: string, activityStart: string) => submitIncentiveRequest(
    { store, program: PROGRAM, now: () => Date.parse(`${today}T09:00:00Z`) },
    partnerOn(today),
    { type: 'mdf_request', activity: 'events', plannedCost, activityStart, activityEnd: activityStart, description: 'Customer day' },
    operator,
  );
  async function pageAvailable(today: string): Promise<{ available: number; terms: string }> {
    const [rows, requests] = await Promise.all([store.ledgerOf(PORTAL, PARTNER), store.requestsOf(PORTAL, PARTNER, 1000)]);
    const position = readIncentivePosition({ rows, requests, officialTier: 'silver', program: PROGRAM, currency: 'USD', today });
    return { available: position.mdf!.balance.available.amountMinor, terms: describeIncentivesForPage(position, PROGRAM).mdf!.terms };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    store = new IncentiveRequestStore(db);
    await store.append(PORTAL, [mdfApproval('fy2026-may', '2026-05-10', 400_000), mdfApproval('fy2027-aug', '2026-08-10', 100_000)], operator);
    // The official tier the statement reads: Silver since the close of FY2026 Q4 (April – June 2026).
    await db.insertInto('tier_snapshots').values({
      portal_id: PORTAL, company_id: PARTNER, quarter: '2026Q4', qualified_tier: 'silver', tier_before: 'silver', tier_after: 'silver', action: 'hold',
      reason: 'test', outlook: 'test', quarters_above: 0, quarters_below: 0, proposed_tier: null, program_status: 'active', metrics: '{}', closed_at: new Date('2026-07-01T00:00:00Z'),
    }).execute();
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('counts the page, the request checks, the approval, the statement and the company outputs over the same fiscal year', async () => {
    const statements = new IncentiveStatementService(db, new LedgerStore(db), { program: PROGRAM, currency: 'USD', timeZone: 'UTC' });

    // 1 September 2026: FY2027 holds only August's 1,000, so 4,000 is available (not 0).
    const before = await pageAvailable('2026-09-01');
    expect(before.available).toBe(400_000);
    expect(before.terms).toContain('up to USD 4,000.00 still available this year (program year 2027, 1 July 2026 – 30 June 2027; allocation USD 5,000.00)');

    // A 6,000 event reimbursed at 1:1 asks for 3,000: within FY2027's 4,000.
    const submitted = await requestMdf('2026-09-01', '6000', '2026-09-20');
    expect(submitted).toMatchObject({ outcome: 'submitted', request: { amount: { amountMinor: 300_000 } } });
    if (submitted.outcome !== 'submitted') return;
    // The card's approval checks the allocation again, over the same year.
    const decided = await decideIncentiveRequest({ store, program: PROGRAM }, {
      portalId: PORTAL, requestId: submitted.request.id, decision: 'approve', reason: null, actor: { type: 'user', id: '7' }, today: '2026-09-02', officialTier: 'silver', currency: 'USD',
    });
    expect(decided).toMatchObject({ outcome: 'decided', status: 'approved' });

    // FY2027 now has 1,000 + 3,000 approved: 1,000 left, on the page and in the statement alike.
    expect((await pageAvailable('2026-09-03')).available).toBe(100_000);
    const quarter = statements.quarter('2027Q1');
    expect([quarter.firstDay, quarter.lastDay]).toEqual(['2026-07-01', '2026-09-30']);
    const statement = (await statements.statements(PORTAL, [PARTNER], quarter)).get(PARTNER)!;
    expect(statement.mdf).toEqual({
      tier: 'silver', allocation: money(500_000, 'USD'), approved: money(400_000, 'USD'), paid: money(0, 'USD'), available: money(100_000, 'USD'),
    });
    const outputs = (await statements.companyOutputs(PORTAL, [PARTNER], '2026-09-03')).get(PARTNER)!;
    expect(outputs).toMatchObject({ pe_mdf_allocation: '5000', pe_mdf_approved: '4000', pe_mdf_available: '1000' });

    // The allocation runs out for the rest of FY2027: in January 2027 a new calendar year has
    // begun, but the program year has not, so 2,000 more is refused and 1,000 is still available.
    const january = await pageAvailable('2027-01-15');
    expect(january.available).toBe(100_000);
    expect(await requestMdf('2027-01-15', '4000', '2027-02-01')).toEqual({ outcome: 'invalid', problems: ['Planned cost: the reimbursed share is more than the funds still available this year.'] });
    const januaryStatement = (await statements.statements(PORTAL, [PARTNER], statements.quarter('2027Q3'))).get(PARTNER)!;
    expect(januaryStatement.mdf.available).toEqual(money(100_000, 'USD'));

    // From 1 July 2027 (FY2028) the whole allocation is available again.
    expect((await pageAvailable('2027-07-01')).available).toBe(500_000);
  });
});
