import { addDays, daysBetween, todayIn } from '../domain/calendar-date.js';
import { countRenewals } from '../domain/metrics/count-renewals.js';
import type { CalendarDate } from '../domain/types.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import type { Logger } from '../logger.js';
import type { Program } from '../program/program-schema.js';
import { sweepPartnerIds } from '../recalculation/sweep-partner-ids.js';
import type { PartnerDaySnapshotStore, StoredDaySnapshot } from './partner-day-snapshot-store.js';
import { NO_DEAL_FIGURES, readPartnerDaySnapshot } from './read-partner-day-snapshot.js';

/** How many missing days one run fills at most: a longer outage keeps only its last year. */
export const MAX_CATCH_UP_DAYS = 366;

export interface TakeDailySnapshotsOptions {
  portalId: string;
  repository: Pick<PartnerRepository, 'searchPartnerIds' | 'loadPartners'>;
  store: PartnerDaySnapshotStore;
  program: Program;
  /** The portal's time zone: "today" follows it. */
  timeZone: string;
  now?: number;
  logger?: Logger;
}

export interface DailySnapshotOutcome {
  /** Days written this run, oldest first; all but the last are caught up. */
  days: CalendarDate[];
  partners: number;
  /** Rows that were new (a day already written is left as it was). */
  inserted: number;
}

/** The days to write: today, and every day since the last snapshot before it (docs/data.md "Partner day snapshots"). */
function daysToWrite(lastDay: CalendarDate | null, today: CalendarDate): CalendarDate[] {
  if (lastDay === null || lastDay >= today) return [today];
  const first = addDays(lastDay, 1);
  const start = daysBetween(first, today) >= MAX_CATCH_UP_DAYS ? addDays(today, -(MAX_CATCH_UP_DAYS - 1)) : first;
  const days: CalendarDate[] = [];
  for (let day = start; day <= today; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * Takes today's snapshot of every partner of the portal, and fills each day missed since the last
 * snapshot with the state now, marked caught up (docs/data.md "Partner day snapshots"). Renewals
 * decided since the last snapshot are counted on today's row. Running it twice on a day writes
 * nothing the second time, except for partners that appeared in between.
 */
export async function takeDailySnapshots(options: TakeDailySnapshotsOptions): Promise<DailySnapshotOutcome> {
  const { portalId, store, program, timeZone } = options;
  const today = todayIn(timeZone, options.now ?? Date.now());
  const lastDay = await store.lastDay(portalId);
  const days = daysToWrite(lastDay, today);
  const lastBefore = lastDay !== null && lastDay < today ? lastDay : null;
  const previous = lastBefore === null ? new Map<string, StoredDaySnapshot>() : await store.onDay(portalId, lastBefore);
  const figures = await store.dealFigures(portalId, today, timeZone);
  const takenAt = new Date(options.now ?? Date.now());
  let inserted = 0;

  const outcome = await sweepPartnerIds(options.repository, async (ids) => {
    const { partners } = await options.repository.loadPartners(ids);
    const rows: StoredDaySnapshot[] = [];
    for (const { company, contacts } of partners) {
      const taken = readPartnerDaySnapshot(company, contacts, figures.get(company.id) ?? NO_DEAL_FIGURES, program, today);
      const before = previous.get(company.id);
      const renewals = countRenewals(before?.certifications ?? null, before?.snapshot.day ?? null, taken.certifications, today, program.gracePeriodDays);
      for (const day of days) {
        const isToday = day === today;
        rows.push({
          snapshot: {
            ...taken.snapshot,
            day,
            renewalsDue: isToday ? renewals.due : 0,
            renewalsRenewed: isToday ? renewals.renewed : 0,
            caughtUp: !isToday,
          },
          certifications: taken.certifications,
        });
      }
    }
    inserted += await store.insert(portalId, rows, takenAt);
  });
  options.logger?.info({ portalId, days: days.length, partners: outcome.partners, inserted }, 'partner day snapshots taken');
  return { days, partners: outcome.partners, inserted };
}
