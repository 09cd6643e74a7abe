import { DEFAULT_GOVERNANCE } from './default-governance.js';
import { DEFAULT_INCENTIVE_SETTINGS } from './default-incentive-settings.js';
import type { Program } from './program-schema.js';
import { DEFAULT_REGISTRATION_SETTINGS } from './registration-settings.js';

/** The enablement program of docs/rules.md, "The program is data". A program file overrides any part of it. */
export const DEFAULT_PROGRAM: Program = {
  trainingTracks: {
    foundation: { name: 'Foundation', purpose: 'Product basics', audience: ['all'], durationWeeks: 1 },
    sales: {
      name: 'Sales',
      purpose: 'Positioning and objection handling',
      audience: ['sales'],
      durationWeeks: 2,
      modules: 8,
    },
    technical: {
      name: 'Technical',
      purpose: 'Implementation and integration',
      audience: ['se', 'consultant'],
      durationWeeks: 3,
      modules: 10,
    },
    advanced: {
      name: 'Advanced',
      purpose: 'Complex use cases',
      audience: ['senior'],
      durationWeeks: 2,
      modules: 6,
    },
  },
  certifications: {
    sales_fundamentals: {
      name: 'Sales Fundamentals',
      assessments: '1 exam',
      validityYears: 1,
      renewal: 'Retake exam',
    },
    technical_associate: {
      name: 'Technical Associate',
      assessments: '2 exams + lab',
      validityYears: 2,
      renewal: '1 exam',
    },
    solution_architect: {
      name: 'Solution Architect',
      assessments: '3 exams + project',
      validityYears: 2,
      renewal: '2 exams',
    },
    master_partner: {
      name: 'Master Partner',
      assessments: 'All above + review',
      validityYears: 3,
      renewal: 'Annual review',
    },
  },
  tiers: {
    bronze: {
      name: 'Bronze',
      requiredTracks: ['foundation'],
      minCertifications: 0,
      permissions: ['access_portal', 'submit_leads'],
      targetScore: 20,
    },
    silver: {
      name: 'Silver',
      requiredTracks: ['sales'],
      minCertifications: 1,
      permissions: ['register_deals', 'access_mdf'],
      targetScore: 50,
    },
    gold: {
      name: 'Gold',
      requiredTracks: ['technical'],
      minCertifications: 2,
      permissions: ['co_sell', 'priority_support'],
      targetScore: 85,
    },
    platinum: {
      name: 'Platinum',
      requiredTracks: ['advanced'],
      minCertifications: 3,
      permissions: ['direct_referrals', 'joint_marketing'],
      targetScore: 95,
    },
  },
  scoreWeights: { foundation: 20, sales: 25, technical: 25, certifications: 20, recentActivity: 10 },
  certificationsForFullScore: 3,
  expiringWindowDays: 30,
  gracePeriodDays: 30,
  reminderOffsetsDays: [60, 30, 14, 7],
  reminderTime: '09:00',
  maxActiveTracks: 3,
  activityWindowDays: 90,
  trend: { windowDays: 30, thresholdPoints: 10 },
  defaultTimeZone: 'UTC',
  registrations: DEFAULT_REGISTRATION_SETTINGS,
  governance: DEFAULT_GOVERNANCE,
  incentives: DEFAULT_INCENTIVE_SETTINGS.incentives,
  mdf: DEFAULT_INCENTIVE_SETTINGS.mdf,
};
