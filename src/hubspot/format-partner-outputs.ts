import { describeGap } from '../domain/describe-gap.js';
import type { CalendarDate, ContactSnapshot, PartnerEvaluation, Trend } from '../domain/types.js';
import type { Program } from '../program/program-schema.js';
import { formatMajorUnits } from './format-major-units.js';
import { certificationExpiresOnProperty } from './property-names.js';

/*
 * Evaluation → the exact HubSpot strings of docs/properties.md, "Values as HubSpot strings":
 * booleans `true`/`false`, integers in decimal, dates `YYYY-MM-DD`, multi-select values joined with
 * `;`, and `''` to clear a property.
 */

/** What a company's outputs need besides the evaluation. */
export interface CompanyOutputExtras {
  /** Writes `pe_readiness_trend` when given (it needs history, so the offline command has none). */
  trend?: Trend;
  /** Writes `pe_readiness_evaluated_at` (ISO 8601, UTC) when given. */
  evaluatedAt?: Date | number;
  /** Names people in `pe_gaps_summary`; without them renewals name `contact <id>`. */
  contacts?: readonly ContactSnapshot[];
}

/** What contacts' outputs need besides the evaluation. */
export interface ContactOutputExtras {
  /**
   * Contact id → the nearest deadline among the contact's active training tracks (null: none).
   * The deadline depends on when each track was accepted, which HubSpot's properties do not hold,
   * so only the training-assignment records can tell it. A contact missing from this map gets
   * `pe_next_training_deadline` only when it has no active track (then `''`): a writer that does
   * not know a deadline leaves it as it is rather than clearing it.
   */
  trainingDeadlines?: Readonly<Record<string, CalendarDate | null>>;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One readable line per gap, most urgent first: `High: Finish the Sales track (5 modules left)`. */
export function formatGapsSummary(
  evaluation: PartnerEvaluation,
  program: Program,
  contacts: readonly ContactSnapshot[] = [],
): string {
  return evaluation.gaps.map((gap) => `${capitalise(gap.priority)}: ${describeGap(gap, program, contacts)}`).join('\n');
}

/** The company output properties, as HubSpot strings, in the order of docs/properties.md, "Company outputs". */
export function formatCompanyOutputs(
  evaluation: PartnerEvaluation,
  program: Program,
  extras: CompanyOutputExtras = {},
): Record<string, string> {
  const outputs: Record<string, string> = {
    pe_readiness_score: String(evaluation.score),
    pe_tier: evaluation.tier,
    pe_next_tier: evaluation.nextTier ?? '',
    pe_points_to_next_tier: String(evaluation.pointsToNextTier),
    pe_valid_certifications: String(evaluation.validCertifications),
    pe_certifications_expiring_30d: String(evaluation.certificationsExpiring30d),
    pe_gap_count: String(evaluation.gaps.length),
    pe_gaps_summary: formatGapsSummary(evaluation, program, extras.contacts),
    pe_permissions: evaluation.permissions.join(';'),
  };
  if (extras.trend !== undefined) outputs.pe_readiness_trend = extras.trend;
  if (extras.evaluatedAt !== undefined) outputs.pe_readiness_evaluated_at = new Date(extras.evaluatedAt).toISOString();
  if (evaluation.business) Object.assign(outputs, formatBusinessOutputs(evaluation.business));
  return outputs;
}

/**
 * The revenue-based tier and partner health outputs (docs/properties.md, "Company outputs"):
 * money as a HubSpot number in major units of the company currency (`1234.5`).
 */
export function formatBusinessOutputs(business: NonNullable<PartnerEvaluation['business']>): Record<string, string> {
  return {
    pe_qualified_tier: business.qualifiedTier,
    pe_certified_staff: String(business.certifiedStaff),
    pe_revenue_12m: formatMajorUnits(business.revenue12m, business.currency),
    pe_new_logos_12m: String(business.newLogos12m),
    pe_open_pipeline: formatMajorUnits(business.openPipeline, business.currency),
    pe_strategic_wins_12m: String(business.strategicWins12m),
    pe_health_score: business.health.score === null ? '' : String(business.health.score),
    pe_health_status: business.health.status ?? '',
  };
}

/** The registration counts of a partner (docs/registrations.md, "Registration counts"). */
export interface RegistrationCountOutputs {
  open: number;
  wonIn12Months: number;
}

/** The registration outputs (docs/properties.md, "Company outputs"): integers in decimal. */
export function formatRegistrationOutputs(counts: RegistrationCountOutputs): Record<string, string> {
  return { pe_registrations_open: String(counts.open), pe_registrations_won_12m: String(counts.wonIn12Months) };
}

/**
 * The contact output properties, as HubSpot strings, keyed by contact id, in contact order. Every
 * certification of the program gets its `pe_cert_<id>_expires_on` (`''` when the contact does not
 * hold it, which clears a stale value). Active and pending tracks are written back as read, which
 * normalises them (unknown options dropped, no repeats).
 */
export function formatContactOutputs(
  evaluation: PartnerEvaluation,
  contacts: readonly ContactSnapshot[],
  program: Program,
  extras: ContactOutputExtras = {},
): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  for (const contact of contacts) {
    const evaluated = evaluation.contacts.find((c) => c.contactId === contact.contactId);
    const outputs: Record<string, string> = {};
    for (const certificationId of Object.keys(program.certifications)) {
      outputs[certificationExpiresOnProperty(certificationId)] = evaluated?.expiresOn[certificationId] ?? '';
    }
    outputs.pe_valid_certifications = String(evaluated?.validCertifications ?? 0);
    outputs.pe_next_certification_expiry = evaluated?.nextCertificationExpiry ?? '';
    outputs.pe_active_tracks = contact.activeTracks.join(';');
    outputs.pe_pending_tracks = contact.pendingTracks.join(';');
    const deadlines = extras.trainingDeadlines ?? {};
    if (Object.hasOwn(deadlines, contact.contactId)) {
      outputs.pe_next_training_deadline = deadlines[contact.contactId] ?? '';
    } else if (contact.activeTracks.length === 0) {
      outputs.pe_next_training_deadline = '';
    }
    result[contact.contactId] = outputs;
  }
  return result;
}
