import { describe, expect, it } from 'vitest';
import { evaluatePartner } from '../../../src/domain/evaluate-partner.js';
import { renderStatusReport, renderTierProgressBar, type StatusReportInput } from '../../../src/domain/render-status-report.js';
import type { PartnerEvaluation, PartnerSnapshot } from '../../../src/domain/types.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Program } from '../../../src/program/program-schema.js';
import { aContact, aPartner, aProgram, aTrainedPartner } from '../../support/partner-factories.js';

const asOf = '2026-11-20';

function aSilverPartner(): PartnerSnapshot {
  return aPartner({
    companyId: '5001',
    name: 'Northwind Integrations',
    foundationComplete: true,
    modulesCompleted: { sales: 8, technical: 5, advanced: 0 },
    lastEnablementActivity: '2026-11-01',
    targetTier: 'gold',
    contacts: [
      aContact({ contactId: '7001', certificationsEarnedOn: { sales_fundamentals: '2025-11-30' }, activeTracks: ['technical'] }),
      aContact({ contactId: '7002', firstName: 'Grace', lastName: 'Hopper', role: 'se', pendingTracks: ['technical'] }),
    ],
  });
}

function report(partner: PartnerSnapshot, extras: Partial<StatusReportInput> = {}, program: Program = DEFAULT_PROGRAM): string {
  return renderStatusReport({ evaluation: evaluatePartner(partner, program, asOf), snapshot: partner, program, ...extras });
}

function evaluationWith(overrides: Partial<PartnerEvaluation>): PartnerEvaluation {
  return { ...evaluatePartner(aPartner(), DEFAULT_PROGRAM, asOf), ...overrides };
}

describe('renderStatusReport', () => {
  it('renders the whole report for a silver partner', () => {
    expect(report(aSilverPartner(), { trend: 'improving' })).toBe(
      [
        '# Partner enablement status: Northwind Integrations',
        '',
        'As of 2026-11-20 (UTC)',
        '',
        '- **Tier:** Silver',
        '- **Readiness score:** 74/100',
        '- **Trend:** Improving ↑',
        '- **Target tier:** Gold',
        '- **Valid certifications:** 1',
        '',
        '```',
        'Current: Silver ━━━━━━━━━━━━━━━━━░░░ Gold, 74/85 points',
        '```',
        '',
        '## Training progress',
        '',
        '| Track | Status | Progress | Deadline |',
        '|---|---|---|---|',
        '| Foundation | Complete | Done | — |',
        '| Sales | Complete | 8/8 modules (100%) | — |',
        '| Technical | In progress | 5/10 modules (50%) | — |',
        '| Advanced | Not started | 0/6 modules (0%) | — |',
        '',
        '## Certifications',
        '',
        '| Certification | Status | Holder | Expiry |',
        '|---|---|---|---|',
        '| Sales Fundamentals | Expiring in 10 days | Ada Lovelace | 2026-11-30 |',
        '',
        '## Gaps toward Gold',
        '',
        '1. **High**: Renew Sales Fundamentals for Ada Lovelace (expires in 10 days)',
        '2. **High**: Finish the Technical track (5 modules left)',
        '3. **High**: Earn 1 more valid certification (recommended: Technical Associate)',
        '',
        '## Team readiness',
        '',
        '| Contact | Role | Training | Certifications |',
        '|---|---|---|---|',
        '| Ada Lovelace | Sales | Technical (active) | Sales Fundamentals (expiring) |',
        '| Grace Hopper | Sales engineer | Technical (awaiting consent) | — |',
        '',
        '## Recommendations',
        '',
        '**Immediately**',
        '',
        '- Nothing',
        '',
        '**This week**',
        '',
        '- Renew Sales Fundamentals for Ada Lovelace (expires in 10 days) — the Silver tier depends on it',
        '- Follow up with Grace Hopper to accept the Technical track (awaiting consent)',
        '',
        '**This month**',
        '',
        '- Finish the Technical track (5 modules left) toward Gold',
        '- Earn 1 more valid certification (recommended: Technical Associate) toward Gold',
        '',
      ].join('\n'),
    );
  });

  it('says the trend is not known without history', () => {
    expect(report(aSilverPartner())).toContain('- **Trend:** not known yet (needs score history)');
  });

  it('shows a training deadline it is given for an unfinished track', () => {
    expect(report(aSilverPartner(), { trainingDeadlines: { technical: '2026-12-11' } })).toContain(
      '| Technical | In progress | 5/10 modules (50%) | 2026-12-11 |',
    );
  });

  it('lists certifications by expiry, with grace and expired ones', () => {
    const partner = aPartner({
      contacts: [
        aContact({ contactId: '1', firstName: 'Ann', lastName: 'A', certificationsEarnedOn: { technical_associate: '2025-06-01' } }),
        aContact({ contactId: '2', firstName: 'Ben', lastName: 'B', certificationsEarnedOn: { sales_fundamentals: '2025-11-15' } }),
        aContact({ contactId: '3', firstName: 'Cy', lastName: 'C', certificationsEarnedOn: { sales_fundamentals: '2024-03-01' } }),
      ],
    });
    const rows = report(partner).split('\n').filter((line) => /^\| (Sales Fundamentals|Technical Associate) /.test(line));
    expect(rows).toEqual([
      '| Sales Fundamentals | Expired | Cy C | 2025-03-01 |',
      '| Sales Fundamentals | Grace period (25 days left) | Ben B | 2026-11-15 |',
      '| Technical Associate | Active | Ann A | 2027-06-01 |',
    ]);
  });

  it('escapes a pipe in a name so the table holds', () => {
    const partner = aPartner({ contacts: [aContact({ contactId: '1', firstName: 'Ann | Ops', lastName: 'A' })] });
    expect(report(partner)).toContain('| Ann \\| Ops A | Sales | — | — |');
  });

  it('says so when there are no certifications, contacts or gaps', () => {
    const text = renderStatusReport({
      evaluation: evaluationWith({ gaps: [], targetTier: null }),
      snapshot: aPartner(),
      program: DEFAULT_PROGRAM,
    });
    expect(text).toContain('No certifications recorded.');
    expect(text).toContain('No contacts are associated with this partner.');
    expect(text).toContain('## Gaps\n\nNone: the partner meets every requirement it is measured against.');
  });

  it('uses the tier and track names of the program', () => {
    const program = aProgram({
      tiers: { ...DEFAULT_PROGRAM.tiers, silver: { ...DEFAULT_PROGRAM.tiers.silver, name: 'Select' }, gold: { ...DEFAULT_PROGRAM.tiers.gold, name: 'Premier' } },
      trainingTracks: { ...DEFAULT_PROGRAM.trainingTracks, technical: { ...DEFAULT_PROGRAM.trainingTracks.technical, name: 'Operations' } },
    });
    const text = report(aSilverPartner(), {}, program);
    expect(text).toContain('- **Tier:** Select');
    expect(text).toContain('Current: Select ');
    expect(text).toContain('## Gaps toward Premier');
    expect(text).toContain('| Operations | In progress |');
  });

  it('names the partner by id when it has no name', () => {
    const partner = { ...aSilverPartner(), name: null };
    expect(report(partner)).toMatch(/^# Partner enablement status: company 5001\n/);
  });

  it('notes when the score for the next tier is reached but requirements are not', () => {
    const text = renderStatusReport({
      evaluation: evaluationWith({ tier: 'silver', nextTier: 'gold', score: 90, pointsToNextTier: 0 }),
      snapshot: aPartner(),
      program: DEFAULT_PROGRAM,
    });
    expect(text).toContain('The score for Gold is there; the gaps below are what still stands in the way.');
  });
});

describe('renderTierProgressBar', () => {
  it('fills the bar in proportion to the next tier target score', () => {
    expect(renderTierProgressBar(evaluationWith({ tier: 'silver', nextTier: 'gold', score: 72, pointsToNextTier: 13 }), DEFAULT_PROGRAM)).toBe(
      'Current: Silver ━━━━━━━━━━━━━━━━━░░░ Gold, 72/85 points',
    );
  });

  it('starts from None below bronze', () => {
    expect(renderTierProgressBar(evaluationWith({ tier: 'none', nextTier: 'bronze', score: 10, pointsToNextTier: 10 }), DEFAULT_PROGRAM)).toBe(
      'Current: None ━━━━━━━━━━░░░░░░░░░░ Bronze, 10/20 points',
    );
  });

  it('never looks full while points are missing', () => {
    expect(renderTierProgressBar(evaluationWith({ tier: 'silver', nextTier: 'gold', score: 84, pointsToNextTier: 1 }), DEFAULT_PROGRAM)).toBe(
      'Current: Silver ━━━━━━━━━━━━━━━━━━━░ Gold, 84/85 points',
    );
  });

  it('is full at the top tier', () => {
    const platinum = aTrainedPartner(asOf, {
      contacts: ['1', '2', '3'].map((contactId) => aContact({ contactId, certificationsEarnedOn: { technical_associate: '2026-01-01' } })),
    });
    expect(renderTierProgressBar(evaluatePartner(platinum, DEFAULT_PROGRAM, asOf), DEFAULT_PROGRAM)).toBe(
      'Current: Platinum ━━━━━━━━━━━━━━━━━━━━ top tier, 100 points',
    );
  });
});
