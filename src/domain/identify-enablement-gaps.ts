import type { Program, TierId, TierOrNone, TrackId } from '../program/program-schema.js';
import { nextTier } from './next-tier.js';
import { recommendCertifications } from './recommend-certifications.js';
import { tierRequirements } from './tier-requirements.js';
import type { Gap, HeldCertification, Priority, TrackProgress } from './types.js';
import { orderGaps } from './order-gaps.js';

/** What the gaps are computed from. */
export interface GapInput {
  tier: TierOrNone;
  /** From {@link selectTargetTier}; null means only renewal gaps. */
  targetTier: TierId | null;
  tracks: readonly TrackProgress[];
  certifications: readonly HeldCertification[];
  validCertifications: number;
}

function trainingGaps(input: GapInput, target: TierId, nextNeeds: ReadonlySet<TrackId>, program: Program): Gap[] {
  const gaps: Gap[] = [];
  for (const track of tierRequirements(target, program).tracks) {
    const progress = input.tracks.find((t) => t.track === track);
    if (!progress || progress.complete) continue;
    const priority: Priority = nextNeeds.has(track) ? 'high' : 'medium';
    if (track === 'foundation') gaps.push({ type: 'training', priority, track });
    else gaps.push({ type: 'training', priority, track, remainingModules: progress.total - progress.completed });
  }
  return gaps;
}

function certificationGap(input: GapInput, target: TierId, nextMinimum: number, program: Program): Gap[] {
  const needed = tierRequirements(target, program).minCertifications - input.validCertifications;
  if (needed <= 0) return [];
  const priority: Priority = input.validCertifications < nextMinimum ? 'high' : 'medium';
  return [{ type: 'certification', priority, needed, recommended: recommendCertifications(input.certifications, needed, program) }];
}

function renewalGaps(certifications: readonly HeldCertification[]): Gap[] {
  return certifications
    .filter((c) => c.status === 'expiring' || c.status === 'grace')
    .map((c) => ({
      type: 'renewal' as const,
      priority: 'high' as const,
      certification: c.certificationId,
      contactId: c.contactId,
      expiresInDays: c.daysToExpiry,
    }));
}

/**
 * Enablement gaps toward the target tier (docs/rules.md, "Gaps"), most urgent first (see {@link orderGaps}).
 * Training and certification gaps are `high` when the tier right above the current one needs them
 * (cumulatively), else `medium`; renewal gaps are always `high`, whatever the target.
 */
export function identifyEnablementGaps(input: GapInput, program: Program): Gap[] {
  const gaps = renewalGaps(input.certifications);
  const target = input.targetTier;
  if (target !== null) {
    const next = nextTier(input.tier);
    const nextNeeds = next ? tierRequirements(next, program) : { tracks: [], minCertifications: 0 };
    gaps.push(...trainingGaps(input, target, new Set(nextNeeds.tracks), program));
    gaps.push(...certificationGap(input, target, nextNeeds.minCertifications, program));
  }
  return orderGaps(gaps);
}
