import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildWorkflowActionMeta } from '../../../scripts/hubspot-app/build-workflow-action-meta.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { defineWorkflowAction } from '../../../workflows/define-workflow-action.js';
import type { Program } from '../../../src/program/program-schema.js';
import {
  assignTrainingTrack,
  checkTierEligibility,
  isWorkflowActionId,
  recalculatePartnerReadiness,
  recordCertification,
  toOutputFieldStrings,
  WORKFLOW_ACTIONS,
  type WorkflowActionHandler,
} from '../../../workflows/workflow-definitions.js';

describe('workflow action definitions', () => {
  it('are the eight actions, each answering at its own route', () => {
    expect(Object.values(WORKFLOW_ACTIONS).map((d) => [d.id, d.path, d.objectType])).toEqual([
      ['recalculate-partner-readiness', '/hubspot/actions/recalculate-partner-readiness', 'COMPANY'],
      ['record-certification', '/hubspot/actions/record-certification', 'CONTACT'],
      ['assign-training-track', '/hubspot/actions/assign-training-track', 'CONTACT'],
      ['check-tier-eligibility', '/hubspot/actions/check-tier-eligibility', 'COMPANY'],
      ['send-partner-page-link', '/hubspot/actions/send-partner-page-link', 'CONTACT'],
      ['register-partner-deal', '/hubspot/actions/register-partner-deal', 'CONTACT'],
      ['decide-partner-registration', '/hubspot/actions/decide-partner-registration', 'DEAL'],
      ['decide-tier-change', '/hubspot/actions/decide-tier-change', 'COMPANY'],
      ['decide-partner-incentive', '/hubspot/actions/decide-partner-incentive', 'COMPANY'],
    ]);
  });

  it('refuse an action that declares an output named like a failure field', () => {
    expect(() =>
      defineWorkflowAction({
        id: 'broken',
        uid: 'broken',
        objectType: 'COMPANY',
        labels: { actionName: 'Broken', actionDescription: '', actionCardContent: '' },
        inputFields: {},
        outputFields: { errorCode: { schema: z.string(), hubspot: { type: 'string', fieldType: 'text' }, label: 'Code' } },
      }),
    ).toThrow('broken: output field errorCode is reserved for failed runs');
  });

  it('recognise their own ids and nothing else', () => {
    expect(isWorkflowActionId('record-certification')).toBe(true);
    expect(isWorkflowActionId('toString')).toBe(false);
  });

  it('give recalculation the score, tier, next tier, points to next tier and gap count', () => {
    expect(Object.keys(recalculatePartnerReadiness.outputFields)).toEqual([
      'readiness_score',
      'tier',
      'next_tier',
      'points_to_next_tier',
      'gap_count',
    ]);
  });

  it('parse a certification earned on a calendar date', () => {
    expect(recordCertification.input.parse({ certification: 'sales_fundamentals', earned_on: '2026-03-01' })).toEqual({
      certification: 'sales_fundamentals',
      earned_on: '2026-03-01',
    });
  });

  it('parse a date HubSpot passes as epoch milliseconds at midnight UTC', () => {
    const input = recordCertification.input.parse({ certification: 'sales_fundamentals', earned_on: String(Date.UTC(2026, 2, 1)) });

    expect(input.earned_on).toBe('2026-03-01');
  });

  it('reject a date that is not a calendar day', () => {
    expect(recordCertification.input.safeParse({ certification: 'sales_fundamentals', earned_on: '2026-02-30' }).success).toBe(false);
    expect(recordCertification.input.safeParse({ certification: 'sales_fundamentals', earned_on: String(Date.UTC(2026, 2, 1, 15)) }).success).toBe(false);
  });

  it('reject a track that does not exist', () => {
    expect(assignTrainingTrack.input.safeParse({ track: 'marketing' }).success).toBe(false);
  });

  it('drop input fields the action does not know (HubSpot may add some)', () => {
    expect(checkTierEligibility.input.parse({ target_tier: 'gold', hs_extra: 'x' })).toEqual({ target_tier: 'gold' });
  });

  it('turn typed outputs into the strings HubSpot takes, with null as empty', () => {
    const output = toOutputFieldStrings(recalculatePartnerReadiness, {
      readiness_score: 97,
      tier: 'platinum',
      next_tier: null,
      points_to_next_tier: 0,
      gap_count: 0,
    });

    expect(output).toEqual({ readiness_score: '97', tier: 'platinum', next_tier: '', points_to_next_tier: '0', gap_count: '0' });
  });

  it('refuse an output that breaks its schema before HubSpot sees it', () => {
    expect(() =>
      toOutputFieldStrings(checkTierEligibility, { eligible: 'maybe' as 'yes', missing_items: '', missing_count: 0 }),
    ).toThrow();
  });

  it('type the handlers each action needs', async () => {
    const handler: WorkflowActionHandler<typeof checkTierEligibility> = async (input, ctx) => ({
      eligible: input.target_tier === 'bronze' ? 'yes' : 'no',
      missing_items: ctx.objectId === '123' ? 'Complete the Sales track' : '',
      missing_count: 1,
    });

    const output = await handler(
      { target_tier: 'silver' },
      { portalId: '4242', objectType: 'COMPANY', objectId: '123', callbackId: 'cb-1', workflowId: null, receivedAt: new Date(0) },
    );
    expect(toOutputFieldStrings(checkTierEligibility, output)).toEqual({
      eligible: 'no',
      missing_items: 'Complete the Sales track',
      missing_count: '1',
    });
  });
});

describe('workflow-action components generated from the definitions', () => {
  it("call the upload profile's backend origin at the action's route", () => {
    expect(buildWorkflowActionMeta(recordCertification).config.actionUrl).toBe('${PUBLIC_BASE_URL}/hubspot/actions/record-certification');
  });

  it('describe every input and output field with its label', () => {
    const { config } = buildWorkflowActionMeta(recordCertification);

    expect(config.inputFields.map((f) => [f.typeDefinition.name, f.typeDefinition.type, f.isRequired])).toEqual([
      ['certification', 'enumeration', true],
      ['earned_on', 'date', true],
    ]);
    expect(config.outputFields.map((f) => f.typeDefinition.name)).toEqual([
      'expires_on',
      'certification_status',
      'valid_certifications',
      'errorCode',
      'errorMessage',
    ]);
    expect(config.labels.en.inputFieldLabels).toEqual({ certification: 'Certification', earned_on: 'Date earned' });
    expect(config.labels.en.outputFieldLabels).toMatchObject({ valid_certifications: "Contact's valid certifications", errorCode: 'Error code' });
    expect(Object.keys(config.labels.en.outputFieldLabels)).toHaveLength(5);
    expect(config.supportedClients).toEqual([{ client: 'WORKFLOWS' }]);
    expect(config.objectTypes).toEqual(['CONTACT']);
  });

  it("list the program's certifications, tracks and tiers as options", () => {
    const program: Program = {
      ...DEFAULT_PROGRAM,
      certifications: { cloud_specialist: { name: 'Cloud Specialist', assessments: '1 exam', validityYears: 2, renewal: '1 exam' } },
      trainingTracks: { ...DEFAULT_PROGRAM.trainingTracks, sales: { ...DEFAULT_PROGRAM.trainingTracks.sales, name: 'Selling' } },
    };

    const certification = buildWorkflowActionMeta(recordCertification, program).config.inputFields[0]?.typeDefinition;
    const track = buildWorkflowActionMeta(assignTrainingTrack, program).config.inputFields[0]?.typeDefinition;
    const tier = buildWorkflowActionMeta(checkTierEligibility, program).config.inputFields[0]?.typeDefinition;

    expect(certification?.options).toEqual([{ value: 'cloud_specialist', label: 'Cloud Specialist' }]);
    expect(track?.options).toContainEqual({ value: 'sales', label: 'Selling' });
    expect(tier?.options?.map((o) => o.value)).toEqual(['bronze', 'silver', 'gold', 'platinum']);
  });
});
