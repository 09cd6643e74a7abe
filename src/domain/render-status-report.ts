import { TRACK_IDS, type Program, type Role, type TrackId } from '../program/program-schema.js';
import { certificationName, contactDisplayName, describeGap } from './describe-gap.js';
import { recommendActions, type ActionHorizon, type RecommendedAction } from './recommend-actions.js';
import type {
  CalendarDate,
  CertificationStatus,
  HeldCertification,
  PartnerEvaluation,
  PartnerSnapshot,
  TrackProgress,
  Trend,
} from './types.js';

/** What the status report is written from. */
export interface StatusReportInput {
  evaluation: PartnerEvaluation;
  snapshot: PartnerSnapshot;
  program: Program;
  /** Needs score history; without it the report says the trend is not known. */
  trend?: Trend;
  /** Track → the nearest deadline among the people on it, when the training records are at hand. */
  trainingDeadlines?: Partial<Record<TrackId, CalendarDate>>;
  /** Defaults to {@link recommendActions}. */
  recommendations?: readonly RecommendedAction[];
}

/** Characters of the tier progress bar. */
export const PROGRESS_BAR_WIDTH = 20;

const ROLE_LABELS: Record<Role, string> = {
  sales: 'Sales',
  se: 'Sales engineer',
  consultant: 'Consultant',
  manager: 'Manager',
  senior: 'Senior',
};

const HORIZON_TITLES: Record<ActionHorizon, string> = {
  immediately: 'Immediately',
  this_week: 'This week',
  this_month: 'This month',
};

const TREND_LABELS: Record<Trend, string> = { improving: 'Improving ↑', stable: 'Stable →', declining: 'Declining ↓' };

/** Table cells cannot hold a pipe or a line break. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

function tierName(tier: PartnerEvaluation['tier'], program: Program): string {
  return tier === 'none' ? 'None' : program.tiers[tier].name;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `Current: Silver ━━━━━━━━━━━━━━━━━░░░ Gold, 74/85 points`. */
export function renderTierProgressBar(evaluation: PartnerEvaluation, program: Program): string {
  const current = `Current: ${tierName(evaluation.tier, program)}`;
  if (evaluation.nextTier === null) {
    return `${current} ${'━'.repeat(PROGRESS_BAR_WIDTH)} top tier, ${evaluation.score} points`;
  }
  const target = program.tiers[evaluation.nextTier].targetScore;
  const share = target === 0 ? 1 : Math.min(1, evaluation.score / target);
  let filled = Math.round(share * PROGRESS_BAR_WIDTH);
  // A bar that looks full must mean the points are there.
  if (evaluation.pointsToNextTier > 0) filled = Math.min(filled, PROGRESS_BAR_WIDTH - 1);
  const bar = '━'.repeat(filled) + '░'.repeat(PROGRESS_BAR_WIDTH - filled);
  return `${current} ${bar} ${program.tiers[evaluation.nextTier].name}, ${evaluation.score}/${target} points`;
}

function header({ evaluation, snapshot, program, trend }: StatusReportInput): string[] {
  const partner = snapshot.name ?? `company ${snapshot.companyId}`;
  const trendText = trend ? TREND_LABELS[trend] : 'not known yet (needs score history)';
  const target = evaluation.targetTier ? tierName(evaluation.targetTier, program) : '—';
  const lines = [
    `# Partner enablement status: ${partner}`,
    '',
    `As of ${evaluation.asOf} (${snapshot.timeZone})`,
    '',
    `- **Tier:** ${tierName(evaluation.tier, program)}`,
    `- **Readiness score:** ${evaluation.score}/100`,
    `- **Trend:** ${trendText}`,
    `- **Target tier:** ${target}`,
    `- **Valid certifications:** ${evaluation.validCertifications}`,
    '',
    '```',
    renderTierProgressBar(evaluation, program),
    '```',
  ];
  if (evaluation.nextTier !== null && evaluation.pointsToNextTier === 0) {
    lines.push('', `The score for ${program.tiers[evaluation.nextTier].name} is there; the gaps below are what still stands in the way.`);
  }
  return lines;
}

function trackStatus(progress: TrackProgress): string {
  if (progress.complete) return 'Complete';
  return progress.completed > 0 ? 'In progress' : 'Not started';
}

function trackProgressText(progress: TrackProgress): string {
  if (progress.track === 'foundation') return progress.complete ? 'Done' : 'Not done';
  if (progress.total === 0) return 'No modules';
  const done = Math.min(progress.completed, progress.total);
  return `${done}/${progress.total} modules (${Math.round((done / progress.total) * 100)}%)`;
}

function trainingSection({ evaluation, program, trainingDeadlines = {} }: StatusReportInput): string[] {
  const rows = evaluation.tracks.map((progress) => [
    program.trainingTracks[progress.track].name,
    trackStatus(progress),
    trackProgressText(progress),
    progress.complete ? '—' : (trainingDeadlines[progress.track] ?? '—'),
  ]);
  return ['## Training progress', '', table(['Track', 'Status', 'Progress', 'Deadline'], rows)];
}

function certificationStatusText(held: HeldCertification, program: Program): string {
  const labels: Record<CertificationStatus, string> = {
    active: 'Active',
    expiring: held.daysToExpiry === 0 ? 'Expiring today' : `Expiring in ${plural(held.daysToExpiry, 'day', 'days')}`,
    grace: `Grace period (${plural(program.gracePeriodDays + held.daysToExpiry, 'day', 'days')} left)`,
    expired: 'Expired',
  };
  return labels[held.status];
}

function certificationsSection({ evaluation, snapshot, program }: StatusReportInput): string[] {
  if (evaluation.certifications.length === 0) return ['## Certifications', '', 'No certifications recorded.'];
  const sorted = [...evaluation.certifications].sort((a, b) => (a.expiresOn < b.expiresOn ? -1 : a.expiresOn > b.expiresOn ? 1 : 0));
  const rows = sorted.map((held) => [
    certificationName(held.certificationId, program),
    certificationStatusText(held, program),
    contactDisplayName(held.contactId, snapshot.contacts),
    held.expiresOn,
  ]);
  return ['## Certifications', '', table(['Certification', 'Status', 'Holder', 'Expiry'], rows)];
}

function gapsSection({ evaluation, snapshot, program }: StatusReportInput): string[] {
  const toward = evaluation.targetTier ? ` toward ${tierName(evaluation.targetTier, program)}` : '';
  const title = `## Gaps${toward}`;
  if (evaluation.gaps.length === 0) return [title, '', 'None: the partner meets every requirement it is measured against.'];
  const items = evaluation.gaps.map(
    (gap, index) => `${index + 1}. **${gap.priority === 'high' ? 'High' : gap.priority === 'medium' ? 'Medium' : 'Low'}**: ${describeGap(gap, program, snapshot.contacts)}`,
  );
  return [title, '', ...items];
}

function trainingOf(contactTracks: { active: TrackId[]; pending: TrackId[] }, program: Program): string {
  const names = (tracks: TrackId[]) => TRACK_IDS.filter((t) => tracks.includes(t)).map((t) => program.trainingTracks[t].name).join(', ');
  const parts: string[] = [];
  if (contactTracks.active.length > 0) parts.push(`${names(contactTracks.active)} (active)`);
  if (contactTracks.pending.length > 0) parts.push(`${names(contactTracks.pending)} (awaiting consent)`);
  return parts.join('; ') || '—';
}

function teamSection({ evaluation, snapshot, program }: StatusReportInput): string[] {
  if (snapshot.contacts.length === 0) return ['## Team readiness', '', 'No contacts are associated with this partner.'];
  const rows = snapshot.contacts.map((contact) => {
    const held = evaluation.certifications.filter((c) => c.contactId === contact.contactId);
    const certifications = held
      .map((c) => `${certificationName(c.certificationId, program)}${c.status === 'active' ? '' : ` (${c.status})`}`)
      .join(', ');
    return [
      contactDisplayName(contact.contactId, snapshot.contacts),
      contact.role ? ROLE_LABELS[contact.role] : '—',
      trainingOf({ active: contact.activeTracks, pending: contact.pendingTracks }, program),
      certifications || '—',
    ];
  });
  return ['## Team readiness', '', table(['Contact', 'Role', 'Training', 'Certifications'], rows)];
}

function recommendationsSection(input: StatusReportInput): string[] {
  const actions = input.recommendations ?? recommendActions(input.evaluation, input.snapshot, input.program);
  const lines = ['## Recommendations'];
  for (const horizon of ['immediately', 'this_week', 'this_month'] as const) {
    const chosen = actions.filter((action) => action.horizon === horizon);
    lines.push('', `**${HORIZON_TITLES[horizon]}**`, '');
    lines.push(...(chosen.length > 0 ? chosen.map((action) => `- ${action.text}`) : ['- Nothing']));
  }
  return lines;
}

/**
 * The partner enablement status report, in Markdown, for a partner manager to paste into an email:
 * the partner's tier, score, trend and tier progress bar, then training progress, certifications,
 * gaps (most urgent first), team readiness and recommendations (immediately / this week / this
 * month). Pure: the same input always renders the same text.
 */
export function renderStatusReport(input: StatusReportInput): string {
  const sections = [
    header(input),
    trainingSection(input),
    certificationsSection(input),
    gapsSection(input),
    teamSection(input),
    recommendationsSection(input),
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
