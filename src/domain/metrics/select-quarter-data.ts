import { todayIn } from '../calendar-date.js';
import type { DealFact } from '../governance/deal-fact.js';
import type { Quarter } from '../governance/types.js';
import type { CalendarDate } from '../types.js';
import type { LedgerSum, PartnerDaySnapshot, QuarterData, RegistrationRecord } from './types.js';

/** Everything the dashboard reads, before it is cut into quarters. */
export interface ProgramHistory {
  snapshots: readonly PartnerDaySnapshot[];
  deals: readonly DealFact[];
  registrations: readonly RegistrationRecord[];
  ledger: readonly LedgerSum[];
}

function inside(day: CalendarDate, quarter: Quarter): boolean {
  return day >= quarter.firstDay && day <= quarter.lastDay;
}

/**
 * One quarter's data (docs/metrics.md "Quarters and time zones"): each partner's latest snapshot
 * inside the quarter, and the deals, registrations and ledger sums whose day — an instant read in
 * the portal's `timeZone` — falls inside it.
 */
export function selectQuarterData(history: ProgramHistory, quarter: Quarter, timeZone: string): QuarterData {
  const latest = new Map<string, PartnerDaySnapshot>();
  const renewals = { due: 0, renewed: 0 };
  for (const snapshot of history.snapshots) {
    if (!inside(snapshot.day, quarter)) continue;
    renewals.due += snapshot.renewalsDue;
    renewals.renewed += snapshot.renewalsRenewed;
    const seen = latest.get(snapshot.companyId);
    if (seen === undefined || seen.day < snapshot.day) latest.set(snapshot.companyId, snapshot);
  }
  return {
    quarter,
    states: [...latest.values()].sort((a, b) => a.companyId.localeCompare(b.companyId)),
    renewals,
    closedDeals: history.deals.filter((deal) => deal.isClosed && deal.closedAt !== null && inside(todayIn(timeZone, deal.closedAt), quarter)),
    registrations: history.registrations.filter((registration) => inside(todayIn(timeZone, registration.submittedAt), quarter)),
    ledger: history.ledger.filter((sum) => inside(sum.occurredOn, quarter)),
  };
}
