import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import { todayIn } from '../domain/calendar-date.js';
import { money } from '../domain/money/money.js';
import type { DealEvent, WonDeal } from '../domain/incentives/types.js';
import type { CalendarDate } from '../domain/types.js';

/** What the SPIFF rules need about one deal, read from `deal_facts` and the registration index. */
export type DealSpiffInput =
  | { state: 'won'; partnerId: string; deal: WonDeal }
  | { state: 'not_won'; partnerId: string | null; type: Exclude<DealEvent['type'], 'closed_won'> };

interface WinRow {
  deal_id: string;
  closed_at: Date | null;
}

/** Earlier close first; on the same instant the lower deal id (numeric), so the answer never depends on row order. */
function isEarlier(a: WinRow, b: WinRow): boolean {
  const at = a.closed_at?.getTime() ?? Number.POSITIVE_INFINITY;
  const bt = b.closed_at?.getTime() ?? Number.POSITIVE_INFINITY;
  return at < bt || (at === bt && a.deal_id.localeCompare(b.deal_id, 'en', { numeric: true }) < 0);
}

function firstOf<T extends WinRow>(rows: Iterable<T>, groupOf: (row: T) => string | null): Map<string, string> {
  const first = new Map<string, T>();
  for (const row of rows) {
    const group = groupOf(row);
    if (group === null || row.closed_at === null) continue;
    const current = first.get(group);
    if (current === undefined || isEarlier(row, current)) first.set(group, row);
  }
  return new Map([...first].map(([group, row]) => [group, row.deal_id]));
}

/**
 * Reads, for the given deals, what the SPIFF rules decide on (docs/incentives.md, "SPIFFs"): the
 * deal as mirrored, whether it is its partner's first win and its customer's first win by anyone,
 * and the partner's registration for the customer. Five queries however many deals, so a webhook
 * burst or a whole quarter costs the same few round trips per chunk.
 *
 * @param currency the portal's company currency: amounts are `amount_in_home_currency`, else `amount`.
 * @param timeZone the portal's time zone: a deal's day is its close date there.
 */
export async function readDealSpiffInputs(
  db: Kysely<Database>,
  portalId: string,
  dealIds: readonly string[],
  options: { currency: string; timeZone: string },
): Promise<Map<string, DealSpiffInput>> {
  const inputs = new Map<string, DealSpiffInput>();
  if (dealIds.length === 0) return inputs;
  const deals = await db.selectFrom('deal_facts').selectAll().where('portal_id', '=', portalId).where('deal_id', 'in', [...dealIds]).execute();
  const wonDeals = deals.filter((deal) => deal.is_won && deal.partner_company_id !== null && deal.closed_at !== null);
  const won = new Set(wonDeals);
  const partners = [...new Set(wonDeals.map((deal) => deal.partner_company_id!))];
  const customers = [...new Set(wonDeals.flatMap((deal) => (deal.customer_company_id === null ? [] : [deal.customer_company_id])))];

  const [partnerWins, customerWins, registrations] = await Promise.all([
    partners.length === 0 ? [] : db.selectFrom('deal_facts').select(['deal_id', 'closed_at', 'partner_company_id'])
      .where('portal_id', '=', portalId).where('is_won', '=', true).where('partner_company_id', 'in', partners).execute(),
    customers.length === 0 ? [] : db.selectFrom('deal_facts').select(['deal_id', 'closed_at', 'customer_company_id'])
      .where('portal_id', '=', portalId).where('is_won', '=', true).where('customer_company_id', 'in', customers).execute(),
    partners.length === 0 || customers.length === 0 ? [] : db.selectFrom('index_registrations').select(['partner_id', 'company_id', 'submitted_at'])
      .where('portal_id', '=', portalId).where('partner_id', 'in', partners).where('company_id', 'in', customers)
      .where('status', '!=', 'rejected').where('submitted_at', 'is not', null).execute(),
  ]);
  const firstWinOfPartner = firstOf(partnerWins, (row) => row.partner_company_id);
  const firstWinOfCustomer = firstOf(customerWins, (row) => row.customer_company_id);
  const registeredDays = new Map<string, CalendarDate[]>();
  for (const row of registrations) {
    const key = `${row.partner_id}\u0000${row.company_id}`;
    registeredDays.set(key, [...(registeredDays.get(key) ?? []), todayIn(options.timeZone, row.submitted_at!)]);
  }

  for (const deal of deals) {
    if (!won.has(deal)) {
      inputs.set(deal.deal_id, { state: 'not_won', partnerId: deal.partner_company_id, type: deal.is_closed ? 'closed_lost' : 'reopened' });
      continue;
    }
    const partnerId = deal.partner_company_id!;
    const closedOn = todayIn(options.timeZone, deal.closed_at!);
    const customer = deal.customer_company_id;
    // The partner's latest registration of this customer submitted on or before the close.
    const registeredOn = customer === null ? null
      : (registeredDays.get(`${partnerId}\u0000${customer}`) ?? []).filter((day) => day <= closedOn).sort().at(-1) ?? null;
    inputs.set(deal.deal_id, {
      state: 'won',
      partnerId,
      deal: {
        dealId: deal.deal_id,
        partnerId,
        amount: money(Number(deal.amount_in_home_currency ?? deal.amount ?? 0), options.currency),
        closedOn,
        registeredOn,
        newLogo: customer !== null && firstWinOfCustomer.get(customer) === deal.deal_id,
        productIds: [],
        productLine: deal.product_line,
        firstWinForPartner: firstWinOfPartner.get(partnerId) === deal.deal_id,
      },
    });
  }
  return inputs;
}
