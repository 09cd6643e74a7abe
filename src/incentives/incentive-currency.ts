/**
 * The currency incentive requests are made in: the portal's company currency, which the seed
 * program's amounts are written in (docs/incentives.md, "Money").
 */
export const INCENTIVE_CURRENCY = 'USD';
