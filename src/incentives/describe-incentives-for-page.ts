import { DateTime } from 'luxon';
import { formatMoney } from '../domain/money/format-money.js';
import type { Ratio } from '../domain/money/ratio.js';
import type { CalendarDate } from '../domain/types.js';
import type { Program } from '../program/program-schema.js';
import type { IncentivePosition } from './read-incentive-position.js';
import { BONUS_KINDS } from './submit-incentive-request.js';

export const SPIFF_LABELS: Record<string, string> = {
  new_logo: 'New logo SPIFF',
  strategic_product: 'Strategic product SPIFF',
  first_win: 'First win SPIFF',
  large_deal: 'Large deal SPIFF',
};

export const BONUS_LABELS: Record<string, string> = {
  cross_sell: 'Cross-sell bonus',
  upsell: 'Upsell bonus',
  reference: 'Customer reference bonus',
  community_contribution: 'Community contribution bonus',
};

/** `2026-07-01` → "1 July 2026". */
function longDay(day: CalendarDate): string {
  return DateTime.fromISO(day, { zone: 'utc' }).toFormat('d LLLL yyyy');
}

/** `digital_ads` → "Digital ads". */
export function activityLabel(activity: string): string {
  const words = activity.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A share as people read it: 1/2 → "50%", 2/3 → "66.67%". */
export function shareLabel(share: Ratio): string {
  const hundredths = (share.numerator * 20_000n / share.denominator + 1n) / 2n;
  const whole = hundredths / 100n;
  const rest = hundredths % 100n;
  return rest === 0n ? `${whole}%` : `${whole}.${rest.toString().padStart(2, '0')}%`;
}

/** What a request is, in a few words. */
export function requestTitle(type: string, details: Record<string, unknown>): string {
  const text = (name: string) => (typeof details[name] === 'string' ? (details[name] as string) : '');
  switch (type) {
    case 'spiff_claim':
      return `${SPIFF_LABELS[text('kind')] ?? 'SPIFF'} on deal ${text('dealId')}`;
    case 'bonus':
      return BONUS_LABELS[text('kind')] ?? 'Strategic bonus';
    case 'mdf_request':
      return `MDF: ${activityLabel(text('activity'))}, ${text('activityStart')} to ${text('activityEnd')}`;
    default:
      return `MDF claim: ${activityLabel(text('activity'))}`;
  }
}

/** The Incentives section of the partner page, its texts ready to show. */
export interface PageIncentives {
  claimableSpiffs: Array<{ accrualKey: string; title: string; amount: string; claimBy: CalendarDate }>;
  requests: Array<{ id: string; title: string; amount: string | null; status: string; submittedAt: number }>;
  bonusKinds: Array<{ value: string; label: string }>;
  /** Null when the partner's tier has no MDF. */
  mdf: { terms: string; activities: Array<{ value: string; label: string }> } | null;
  awaitingClaim: Array<{ id: string; title: string; claimDueBy: string }>;
}

/** The page's Incentives section from the partner's position (docs/incentives.md, "On the partner page"). */
export function describeIncentivesForPage(position: IncentivePosition, program: Pick<Program, 'mdf'>): PageIncentives {
  const mdf = position.mdf;
  return {
    claimableSpiffs: position.claimableSpiffs.map((spiff) => ({
      accrualKey: spiff.accrualKey,
      title: `${SPIFF_LABELS[spiff.kind] ?? spiff.kind} on deal ${spiff.dealId}`,
      amount: formatMoney(spiff.amount),
      claimBy: spiff.claimBy,
    })),
    requests: position.requests.map(({ request, status }) => ({
      id: request.id,
      title: requestTitle(request.type, request.details),
      amount: request.amount ? formatMoney(request.amount) : null,
      status,
      submittedAt: request.submittedAt,
    })),
    bonusKinds: BONUS_KINDS.map((value) => ({ value, label: BONUS_LABELS[value] ?? value })),
    mdf: mdf
      ? {
          terms: `The vendor reimburses ${shareLabel(mdf.share)} of an activity cost, up to ${formatMoney(mdf.balance.available)} still available this year (program year ${mdf.year.fiscalYear}, ${longDay(mdf.year.firstDay)} – ${longDay(mdf.year.lastDay)}; allocation ${formatMoney(mdf.allocation)}).`,
          activities: program.mdf.activities.map((value) => ({ value, label: activityLabel(value) })),
        }
      : null,
    awaitingClaim: position.awaitingClaim.map((request) => ({
      id: request.id,
      title: requestTitle(request.type, request.details),
      claimDueBy: String(request.details.claimDueBy ?? ''),
    })),
  };
}
