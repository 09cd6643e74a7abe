import type { IncentivesSettings, MdfSettings } from './incentive-settings.js';

/** The seed program's incentives and MDF (docs/incentives.md); a program file overrides any part. */
export const DEFAULT_INCENTIVE_SETTINGS: { incentives: IncentivesSettings; mdf: MdfSettings } = {
  incentives: {
    claimWindowDays: 30,
    strategicProducts: [],
    spiffs: {
      newLogo: { amount: 500, withinDaysOfRegistration: 60 },
      strategicProduct: { amount: 750 },
      firstWin: { amount: 1000 },
      largeDeal: { over: 100_000, percent: 2 },
    },
    rebate: {
      method: 'slab',
      brackets: [
        { from: 100_000, percent: 2, setsFastTrack: false },
        { from: 250_000, percent: 3.5, setsFastTrack: false },
        { from: 500_000, percent: 5, setsFastTrack: false },
        { from: 1_000_000, percent: 6.5, setsFastTrack: false },
        { from: 2_500_000, percent: 8, setsFastTrack: true },
      ],
      cap: null,
      payableAfterDays: 30,
    },
    bonuses: {
      crossSellPercent: 3,
      upsellPercent: 2,
      perExtraContractYearPercent: 1,
      reference: 250,
      communityContribution: 100,
    },
    verificationBusinessDays: 5,
    paymentBusinessDays: 15,
    holidays: [],
  },
  mdf: {
    tiers: {
      bronze: null,
      silver: { amount: 5_000, match: '1:1' },
      gold: { amount: 20_000, match: '1:1' },
      platinum: { amount: 50_000, match: '2:1' },
    },
    activities: ['events', 'digital_ads', 'content', 'tradeshows', 'webinars'],
    claimWindowDays: 30,
    proofRequired: true,
  },
};
