import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CARD_ROUTES, type CardErrorBody, type DecideTierChangeResponse, type PartnerEnablementData } from '../../../extensions/app/cards/card-data.js';
import { TierReviewQueue } from '../../../src/governance/tier-review-queue.js';
import { ensureGovernanceProperties } from '../../support/governance-properties.js';
import {
  answerOf,
  cardDataRouterFor,
  cardRequest,
  demoPartner,
  executionRequest,
  postAction,
  tierDecisionsFor,
  useEnablementApp,
  workflowActionsRouterFor,
} from '../workflows/enablement-app-harness.js';

const redisUrl = inject('redisUrl');

describe('deciding a proposed tier change', () => {
  const app = useEnablementApp(redisUrl, (services) => [workflowActionsRouterFor(services), cardDataRouterFor(services)]);

  beforeAll(async () => {
    await ensureGovernanceProperties(app.services.client, app.services.portalId);
  });

  const company = (id: string) => app.services.sandbox.store.getCompany(id)!.properties;
  const propose = (id: string, tier: string, official?: string) =>
    app.services.sandbox.ui.updateCompany(id, { pe_tier_proposed: tier, ...(official ? { pe_tier: official } : {}) });
  const notesOf = (id: string) =>
    app.services.sandbox.store.associatedIds('companies', id, 'notes').map((noteId) => app.services.sandbox.store.getRecord('notes', noteId)!.properties.hs_note_body ?? '');
  const auditOf = async (id: string) => (await app.services.audit.forCompany(app.services.portalId, id)).filter((entry) => entry.action.startsWith('tier.proposal'));

  it('approve: the proposed tier becomes official, the proposal is cleared, a note and an audit entry say so', async () => {
    const partner = demoPartner(app.services.sandbox, 'silver').id;
    propose(partner, 'gold', 'silver');

    const result = await tierDecisionsFor(app.services).decideTierChange(partner, { decision: 'approve', expectedTier: 'gold', reason: 'Two strong quarters' }, { type: 'hubspot-user', id: '77' });

    expect(result).toMatchObject({ decision: 'approve', tierBefore: 'silver', tierAfter: 'gold', proposedTier: 'gold' });
    expect(company(partner).pe_tier).toBe('gold');
    expect(company(partner).pe_tier_proposed ?? '').toBe('');
    expect(notesOf(partner).at(-1)).toBe('Tier change approved: Silver → Gold.\nReason: Two strong quarters\nDecided by a HubSpot user.');
    expect(await auditOf(partner)).toMatchObject([
      { action: 'tier.proposal-approved', actor: { type: 'hubspot-user', id: '77' }, before: { tier: 'silver', proposedTier: 'gold' }, after: { tier: 'gold', proposedTier: null, reason: 'Two strong quarters' } },
    ]);
  });

  it('reject: the tier stays, the proposal is cleared, noted and audited', async () => {
    const partner = demoPartner(app.services.sandbox, 'gold').id;
    propose(partner, 'platinum', 'gold');

    const result = await tierDecisionsFor(app.services).decideTierChange(partner, { decision: 'reject' }, { type: 'operator', id: 'ops' });

    expect(result).toMatchObject({ tierBefore: 'gold', tierAfter: 'gold', proposedTier: 'platinum' });
    expect(company(partner).pe_tier).toBe('gold');
    expect(company(partner).pe_tier_proposed ?? '').toBe('');
    expect(notesOf(partner).at(-1)).toContain('Tier change rejected: the partner stays Gold (Platinum was proposed).');
    expect(await auditOf(partner)).toMatchObject([{ action: 'tier.proposal-rejected', after: { tier: 'gold', proposedTier: null, reason: null } }]);
  });

  it('refuses when nothing is proposed, or when another tier is proposed than the caller saw, and writes nothing', async () => {
    const partner = demoPartner(app.services.sandbox, 'bronze').id;
    const decisions = tierDecisionsFor(app.services);
    await expect(decisions.decideTierChange(partner, { decision: 'approve' }, { type: 'system' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { refused: 'tier_proposal', reason: 'nothing_proposed', proposed: null },
    });
    propose(partner, 'gold');
    app.services.sandbox.requests.reset();

    await expect(decisions.decideTierChange(partner, { decision: 'approve', expectedTier: 'silver' }, { type: 'system' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Gold is proposed now, not Silver'),
      details: { reason: 'proposal_changed', proposed: 'gold' },
    });
    expect(app.services.sandbox.requests.count({ method: 'PATCH' })).toBe(0);
    expect(company(partner).pe_tier_proposed).toBe('gold');
    expect(await auditOf(partner)).toEqual([]);
  });

  it('the workflow action decides on the enrolled company and answers refusals as an outcome to branch on', async () => {
    const partner = app.services.sandbox.seed.partners.filter((entry) => entry.expectedTier === 'silver')[1]!.id;
    propose(partner, 'gold');
    const run = async (inputFields: Record<string, unknown>) => {
      const response = await postAction(app.services, app.web, 'decide-tier-change', executionRequest(app.services, { objectId: partner, inputFields }));
      expect(response.status).toBe(200);
      return (await answerOf(response)).outputFields;
    };

    expect(await run({ decision: 'approve', reason: 'Quarterly review', expected_tier: 'gold' })).toEqual({
      decision_outcome: 'approved',
      partner_tier: 'gold',
      decision_message: 'The partner is now Gold.',
      hs_execution_state: 'SUCCESS',
    });
    expect(company(partner).pe_tier).toBe('gold');
    expect(await auditOf(partner)).toMatchObject([{ actor: { type: 'workflow', id: '4242' } }]);

    expect(await run({ decision: 'reject' })).toMatchObject({ decision_outcome: 'refused', partner_tier: '', hs_execution_state: 'SUCCESS' });
  });

  it('the card route decides with the tier the card showed, answers the fresh card, and 409 once the proposal changed', async () => {
    const partner = app.services.sandbox.seed.partners.filter((entry) => entry.expectedTier === 'gold')[1]!.id;
    propose(partner, 'silver', 'gold');
    const decide = (body: unknown) => cardRequest(app.services, app.web, 'POST', CARD_ROUTES.decideTierChange, { portalId: app.services.portalId, companyId: partner }, { body });

    const before = await cardRequest(app.services, app.web, 'GET', CARD_ROUTES.partnerEnablement, { portalId: app.services.portalId, companyId: partner });
    expect(((await before.json()) as PartnerEnablementData).governance?.proposal).toEqual({ from: { id: 'gold', name: 'Gold' }, to: { id: 'silver', name: 'Silver' } });

    const refused = await decide({ decision: 'approve', expectedTier: 'bronze' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as CardErrorBody).error.code).toBe('PROPOSAL_CHANGED');

    const decided = await decide({ decision: 'reject', expectedTier: 'silver', reason: 'One weak quarter' });
    expect(decided.status).toBe(200);
    const body = (await decided.json()) as DecideTierChangeResponse;
    expect(body).toMatchObject({ decision: 'reject', tier: { id: 'gold', name: 'Gold' } });
    expect((body.card as PartnerEnablementData).governance?.proposal).toBeNull();
    expect(await auditOf(partner)).toMatchObject([{ action: 'tier.proposal-rejected', actor: { type: 'hubspot-user' } }]);
  });

  it("the card lists the partner's closed quarters newest first, at most eight", async () => {
    const partner = demoPartner(app.services.sandbox, 'platinum').id;
    const quarters = ['2024Q3', '2024Q4', '2025Q1', '2025Q2', '2025Q3', '2025Q4', '2026Q1', '2026Q2', '2026Q3'];
    await app.services.db
      .insertInto('tier_snapshots')
      .values(quarters.map((quarter, index) => ({
        portal_id: app.services.portalId,
        company_id: partner,
        quarter,
        qualified_tier: 'platinum',
        tier_before: 'gold',
        tier_after: index === quarters.length - 1 ? 'platinum' : 'gold',
        action: index === quarters.length - 1 ? 'advance' : 'hold',
        reason: index === quarters.length - 1 ? 'qualified_above' : 'advance_pending',
        outlook: 'holding',
        quarters_above: 0,
        quarters_below: 0,
        proposed_tier: null,
        program_status: 'active',
        metrics: JSON.stringify({}),
        closed_at: new Date('2026-10-01T00:00:00Z'),
      })))
      .execute();

    const response = await cardRequest(app.services, app.web, 'GET', CARD_ROUTES.partnerEnablement, { portalId: app.services.portalId, companyId: partner });
    const history = ((await response.json()) as PartnerEnablementData).governance!.history;

    expect(history.map((entry) => entry.quarter)).toEqual(['2026Q3', '2026Q2', '2026Q1', '2025Q4', '2025Q3', '2025Q2', '2025Q1', '2024Q4']);
    expect(history[0]).toEqual({
      quarter: '2026Q3',
      qualified: { id: 'platinum', name: 'Platinum' },
      before: { id: 'gold', name: 'Gold' },
      after: { id: 'platinum', name: 'Platinum' },
      action: 'advance',
      reason: 'qualified_above',
      proposed: null,
    });
  });

  it('approve asks the review job to plan the partner\'s reviews by its new tier; reject asks nothing', async () => {
    const reviews = new TierReviewQueue(app.services.redis, { prefix: `${app.services.prefix}:approval-replan` });
    try {
      const decisions = tierDecisionsFor(app.services, { reviews });
      const [approved, rejected] = [demoPartner(app.services.sandbox, 'silver').id, demoPartner(app.services.sandbox, 'gold').id];
      propose(approved, 'gold', 'silver');
      propose(rejected, 'platinum', 'gold');
      const dateBefore = company(approved).pe_next_tier_review ?? '';

      await decisions.decideTierChange(approved, { decision: 'approve' }, { type: 'system' });
      await decisions.decideTierChange(rejected, { decision: 'reject' }, { type: 'system' });

      const jobs = await reviews.queue.getJobs(['waiting']);
      expect(jobs.map((job) => ({ name: job.name, companyIds: (job.data as { companyIds: string[] }).companyIds }))).toEqual([{ name: 'replan-tier-reviews', companyIds: [approved] }]);
      // The decision itself leaves the date to the review job.
      expect(company(approved).pe_next_tier_review ?? '').toBe(dateBefore);
    } finally {
      await reviews.queue.obliterate({ force: true });
      await reviews.close();
    }
  });
});
