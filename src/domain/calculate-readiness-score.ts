import type { Program } from '../program/program-schema.js';
import type { TrackProgress } from './types.js';

/** What the score is made of, each part already weighted (before rounding). */
export interface ReadinessScoreParts {
  foundation: number;
  sales: number;
  technical: number;
  certifications: number;
  recentActivity: number;
}

/** Inputs of the readiness score. */
export interface ReadinessScoreInput {
  tracks: readonly TrackProgress[];
  validCertifications: number;
  recentActivity: boolean;
}

function share(done: number, needed: number): number {
  if (needed <= 0) return 0;
  return Math.min(1, Math.max(0, done) / needed);
}

function trackShare(tracks: readonly TrackProgress[], track: 'sales' | 'technical'): number {
  const progress = tracks.find((t) => t.track === track);
  return progress ? share(progress.completed, progress.total) : 0;
}

/** The weighted parts of the readiness score (docs/rules.md, "Readiness score"). A track with 0 modules contributes 0. */
export function readinessScoreParts(input: ReadinessScoreInput, program: Program): ReadinessScoreParts {
  const weights = program.scoreWeights;
  const foundationComplete = input.tracks.some((t) => t.track === 'foundation' && t.complete);
  return {
    foundation: foundationComplete ? weights.foundation : 0,
    sales: trackShare(input.tracks, 'sales') * weights.sales,
    technical: trackShare(input.tracks, 'technical') * weights.technical,
    certifications: share(input.validCertifications, program.certificationsForFullScore) * weights.certifications,
    recentActivity: input.recentActivity ? weights.recentActivity : 0,
  };
}

/**
 * The readiness score: `Math.round` of the sum of the parts, kept within 0–100. The sum is first
 * snapped to 6 decimals, so floating error cannot turn an exact .5 into .4999… and round it down
 * (25 × 3/6 + 0.1 + 0.2 style sums); half-points always round up, as `Math.round` does.
 */
export function calculateReadinessScore(input: ReadinessScoreInput, program: Program): number {
  const parts = readinessScoreParts(input, program);
  const sum = parts.foundation + parts.sales + parts.technical + parts.certifications + parts.recentActivity;
  const snapped = Math.round(sum * 1e6) / 1e6;
  return Math.min(100, Math.max(0, Math.round(snapped)));
}
