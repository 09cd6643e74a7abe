import type { Program } from '../../program/program-schema.js';
import { formatMinorUnits } from './format-minor-units.js';
import type { Shortfall } from './types.js';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * One unmet tier requirement in words naming what is missing, for gaps and the card:
 * `$38,000 more closed-won revenue`, `2 more certified people`, `Finish the Sales track`.
 * `currency` is the portal's company currency (ISO 4217).
 */
export function describeShortfall(shortfall: Shortfall, program: Program, currency: string): string {
  switch (shortfall.requirement) {
    case 'tracks':
      return `Finish the ${program.trainingTracks[shortfall.track].name} track`;
    case 'minCertifications':
      return plural(shortfall.missing, 'more valid certification', 'more valid certifications');
    case 'minCertifiedStaff':
      return plural(shortfall.missing, 'more certified person', 'more certified people');
    case 'agreementSigned':
      return 'Sign the partner agreement';
    case 'minRevenue12m':
      return `${formatMinorUnits(shortfall.missing, currency)} more closed-won revenue in the last 12 months`;
    case 'minNewLogos12m':
      return `${plural(shortfall.missing, 'more new logo', 'more new logos')} in the last 12 months`;
    case 'activePipeline':
      return 'An open partner-sourced deal with an amount';
    case 'minStrategicWins12m':
      return `${plural(shortfall.missing, 'more strategic win', 'more strategic wins')} in the last 12 months`;
  }
}
