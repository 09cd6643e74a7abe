import { DateTime } from 'luxon';
import { AppError } from '../../errors.js';
import type { DealFact } from '../governance/deal-fact.js';
import type { Quarter } from '../governance/types.js';
import type { CalendarDate } from '../types.js';
import { tallyClosedDeals } from './tally-closed-deals.js';
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
  // The quarter's first and last instants in the zone, found once: an instant is inside when it
  // falls between them, which is its day being inside the quarter.
  const opens = DateTime.fromISO(quarter.firstDay, { zone: timeZone }).startOf('day');
  const closes = DateTime.fromISO(quarter.lastDay, { zone: timeZone }).plus({ days: 1 }).startOf('day');
  if (!opens.isValid || !closes.isValid) throw new AppError('INVALID_INPUT', `cannot place ${quarter.label} in time zone "${timeZone}": use an IANA name such as Europe/Berlin`);
  const from = opens.toMillis();
  const to = closes.toMillis();
  const during = (instant: number) => instant >= from && instant < to;
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
    dealTallies: tallyClosedDeals(history.deals.filter((deal) => deal.isClosed && deal.closedAt !== null && during(deal.closedAt))),
    registrations: history.registrations.filter((registration) => during(registration.submittedAt)),
    ledger: history.ledger.filter((sum) => inside(sum.occurredOn, quarter)),
  };
}
