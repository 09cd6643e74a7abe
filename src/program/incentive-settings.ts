import { z } from 'zod';

/*
 * Incentive and market-development-fund settings (docs/incentives.md). Amounts are written in major
 * units of the portal's company currency (500 means 500.00); the rules turn them into exact minor
 * units when they are applied, refusing an amount with more decimals than the currency has.
 * Percentages are decimals of a percent (3.5 means 3.5%) and are read exactly, never as floats.
 */

const amount = z
  .number()
  .finite()
  .min(0)
  .refine((value) => /^\d+(\.\d{1,3})?$/.test(String(value)), 'expected an amount with at most 3 decimal places');

const percent = z
  .number()
  .finite()
  .min(0)
  .max(100)
  .refine((value) => /^\d+(\.\d{1,4})?$/.test(String(value)), 'expected a percentage with at most 4 decimal places');

const days = z.number().int().min(0);
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

const rebateBracket = z.object({
  /** Quarterly partner-sourced closed-won revenue from which this bracket applies. */
  from: amount,
  percent,
  /** Reaching this bracket also sets `pe_fast_track` on the partner. */
  setsFastTrack: z.boolean().default(false),
}).strict();

/** The `incentives` section of a program. */
export const incentivesSettingsSchema = z.object({
  /** A SPIFF is claimed within this many days of the deal's close. */
  claimWindowDays: days,
  /** Product ids or `pe_product_line` values that earn the strategic-product SPIFF. */
  strategicProducts: z.array(z.string().min(1)),
  spiffs: z.object({
    newLogo: z.object({ amount, withinDaysOfRegistration: days }).strict(),
    strategicProduct: z.object({ amount }).strict(),
    firstWin: z.object({ amount }).strict(),
    /** A deal whose amount is strictly over `over` adds `percent` of its whole amount. */
    largeDeal: z.object({ over: amount, percent }).strict(),
  }).strict(),
  rebate: z.object({
    /** `slab`: the reached bracket's rate on the whole quarter; `stepped`: each rate on its slice. */
    method: z.enum(['slab', 'stepped']),
    /** Ascending by `from`; revenue below the first bracket earns nothing. */
    brackets: z.array(rebateBracket).min(1),
    /** Most a partner can earn in one quarter; `null` for no cap. */
    cap: amount.nullable(),
    /** The rebate becomes payable this many days after the quarter ends. */
    payableAfterDays: days,
  }).strict().superRefine((rebate, ctx) => {
    rebate.brackets.forEach((bracket, index) => {
      const previous = rebate.brackets[index - 1];
      if (previous !== undefined && bracket.from <= previous.from) {
        ctx.addIssue({ code: 'custom', path: ['brackets', index, 'from'], message: 'brackets must be in ascending order of `from`' });
      }
    });
  }),
  bonuses: z.object({
    crossSellPercent: percent,
    upsellPercent: percent,
    /** Percent of incremental revenue per contract year beyond the first. */
    perExtraContractYearPercent: percent,
    reference: amount,
    communityContribution: amount,
  }).strict(),
  /** Business days (Monday–Friday, holidays excluded) to verify a claim, and to pay it once approved. */
  verificationBusinessDays: days,
  paymentBusinessDays: days,
  holidays: z.array(calendarDate),
}).strict();

const mdfTier = z.object({
  /** Allocation per program year. */
  amount,
  /** `a:b`: the vendor pays a for every b the partner pays. */
  match: z.string().regex(/^[1-9]\d*:[1-9]\d*$/, 'expected a match ratio like 1:1 or 2:1'),
}).strict();

/** The `mdf` section of a program: market development funds by official tier. */
export const mdfSettingsSchema = z.object({
  /** `null` (or absent) for a tier without MDF. */
  tiers: z.object({
    bronze: mdfTier.nullable(),
    silver: mdfTier.nullable(),
    gold: mdfTier.nullable(),
    platinum: mdfTier.nullable(),
  }).strict(),
  activities: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected lower-case letters, digits and underscores')).min(1),
  /** A claim (actual cost, results, proof) is due within this many days of the activity's end. */
  claimWindowDays: days,
  proofRequired: z.boolean(),
}).strict();

export type IncentivesSettings = z.infer<typeof incentivesSettingsSchema>;
export type MdfSettings = z.infer<typeof mdfSettingsSchema>;
