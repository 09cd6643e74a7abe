import { DateTime } from 'luxon';
import { medianOf } from './median-of.js';
import { roundToTenth } from './round-to-tenth.js';
import type { QuarterData } from './types.js';

export interface RegistrationFigures {
  submitted: number;
  decided: number;
  /** Median hours from submission to decision, one decimal; null when none was decided. */
  medianDecisionHours: number | null;
  slaBreaches: number;
}

/** Registrations submitted in the quarter (docs/metrics.md "Registrations"). */
export function measureRegistrations(data: Pick<QuarterData, 'registrations'>): RegistrationFigures {
  const hours: number[] = [];
  for (const registration of data.registrations) {
    if (registration.decidedAt === null) continue;
    hours.push(DateTime.fromMillis(registration.decidedAt).diff(DateTime.fromMillis(registration.submittedAt), 'hours').hours);
  }
  const median = medianOf(hours);
  return {
    submitted: data.registrations.length,
    decided: hours.length,
    medianDecisionHours: median === null ? null : roundToTenth(median),
    slaBreaches: data.registrations.filter((registration) => registration.slaBreached).length,
  };
}
