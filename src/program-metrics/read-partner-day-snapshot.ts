import { calculatePartnerHealth, type HealthStatus } from '../domain/governance/calculate-partner-health.js';
import { listHeldCertifications } from '../domain/list-held-certifications.js';
import type { CertificationExpiry } from '../domain/metrics/count-renewals.js';
import type { PartnerDaySnapshot, ProgramStatus } from '../domain/metrics/types.js';
import type { CalendarDate } from '../domain/types.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import { readPartnerSnapshot } from '../hubspot/read-partner-snapshot.js';
import { readChoice, readCount, readDate } from '../hubspot/read-property-value.js';
import { MODULE_TRACK_IDS, TIER_IDS, type Program, type TierOrNone } from '../program/program-schema.js';

/** A partner's deal figures from the deal mirror, minor units (docs/governance.md "Partner-sourced deals"). */
export interface PartnerDealFigures {
  revenue12m: number;
  openPipeline: number;
  wonDeals12m: number;
  lostDeals12m: number;
}

export const NO_DEAL_FIGURES: PartnerDealFigures = { revenue12m: 0, openPipeline: 0, wonDeals12m: 0, lostDeals12m: 0 };

const PROGRAM_STATUSES: readonly ProgramStatus[] = ['onboarding', 'active', 'exit_recommended', 'exited'];
const HEALTH_STATUSES: readonly HealthStatus[] = ['on_target', 'at_risk', 'off_target'];
const ignore = () => undefined;

/** A day snapshot and the certification expiries that tell tomorrow's renewals apart. */
export interface TakenSnapshot {
  snapshot: Omit<PartnerDaySnapshot, 'renewalsDue' | 'renewalsRenewed' | 'caughtUp'>;
  certifications: CertificationExpiry[];
}

/**
 * A partner's day snapshot (docs/metrics.md "Daily snapshots") from its HubSpot records as the
 * reconciliation loads them and its deal figures. The outputs the product wrote (`pe_tier`,
 * `pe_readiness_score`, and the governance outputs where the portal has them) are read as they
 * stand; health is computed from the figures when the company carries no `pe_health_score`.
 */
export function readPartnerDaySnapshot(
  company: HubSpotRecord,
  contacts: readonly HubSpotRecord[],
  figures: PartnerDealFigures,
  program: Program,
  day: CalendarDate,
): TakenSnapshot {
  const partner = readPartnerSnapshot(company, contacts, program).snapshot;
  const raw = company.properties;
  const held = listHeldCertifications(partner.contacts, program, day);
  const valid = held.filter((certification) => certification.status !== 'expired');
  const tier: TierOrNone = readChoice(raw.pe_tier, ['none', ...TIER_IDS] as const, ignore) ?? 'none';
  const readinessScore = raw.pe_readiness_score ? readCount(raw.pe_readiness_score, ignore) : null;
  const agreementSignedOn = readDate(raw.pe_agreement_signed_on, partner.timeZone, ignore);
  const earned = held.map((certification) => certification.earnedOn).sort();
  let modulesAssigned = 0;
  let modulesCompleted = 0;
  for (const track of MODULE_TRACK_IDS) {
    const modules = program.trainingTracks[track].modules;
    modulesAssigned += modules;
    modulesCompleted += Math.min(modules, partner.modulesCompleted[track]);
  }
  let healthScore = raw.pe_health_score ? readCount(raw.pe_health_score, ignore) : null;
  let healthStatus = readChoice(raw.pe_health_status, HEALTH_STATUSES, ignore);
  if (healthScore === null) {
    const health = calculatePartnerHealth(
      { officialTier: tier, revenue12m: figures.revenue12m, openPipeline: figures.openPipeline, wonDeals12m: figures.wonDeals12m, lostDeals12m: figures.lostDeals12m, readinessScore, lastEnablementActivity: partner.lastEnablementActivity, asOf: day },
      program.governance.health,
    );
    healthScore = health.score;
    healthStatus = health.status;
  }
  return {
    snapshot: {
      companyId: company.id,
      day,
      name: partner.name,
      tier,
      programStatus: readChoice(raw.pe_program_status, PROGRAM_STATUSES, ignore) ?? 'active',
      readinessScore,
      healthScore,
      healthStatus,
      certifiedStaff: new Set(valid.map((certification) => certification.contactId)).size,
      validCertifications: valid.length,
      agreementSignedOn,
      firstCertifiedOn: earned[0] ?? null,
      modulesAssigned,
      modulesCompleted,
      revenue12m: figures.revenue12m,
      openPipeline: figures.openPipeline,
    },
    certifications: held.map((certification) => ({ contactId: certification.contactId, certificationId: certification.certificationId, expiresOn: certification.expiresOn })),
  };
}
