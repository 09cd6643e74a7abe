import type { DealFact } from '../governance/deal-fact.js';

/** A deal's amount in minor units (docs/governance.md "Partner-sourced deals"). */
export function dealAmount(deal: DealFact): number {
  return deal.amountInHomeCurrency ?? deal.amount ?? 0;
}
