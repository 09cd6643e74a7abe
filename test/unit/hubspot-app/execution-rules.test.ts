import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkflowActionMeta } from '../../../scripts/hubspot-app/build-workflow-action-meta.js';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../src/errors.js';
import {
  ERROR_CODE_FIELD,
  ERROR_MESSAGE_FIELD,
  FAILING_ERROR_CODES,
  failureOf,
  toHubSpotOutputFields,
} from '../../../workflows/run-workflow-action.js';
import { toOutputFieldStrings, WORKFLOW_ACTIONS } from '../../../workflows/workflow-definitions.js';
import { PROJECT_DIR } from './project-copy.js';

type Config = WorkflowActionMeta['config'];

/** The checked-in component of an action (the drift test keeps it equal to what the code generates). */
async function checkedInConfig(actionId: string): Promise<Config> {
  const file = path.join(PROJECT_DIR, `extensions/app/workflow-actions/${actionId}-hsmeta.json`);
  return (JSON.parse(await readFile(file, 'utf8')) as WorkflowActionMeta).config;
}

/**
 * What HubSpot's workflow history shows for a run's output fields, as its custom action guide
 * describes it: the first rule whose every condition holds (the output equals the value, or is one
 * of the values) picks `labels.en.executionRules[labelName]`, and `{{ field }}` is that output.
 */
function historyMessage(config: Config, outputFields: Record<string, string>): string | undefined {
  const rule = config.executionRules.find(({ conditions }) =>
    Object.entries(conditions).every(([field, expected]) => {
      const actual = outputFields[field];
      return actual !== undefined && (Array.isArray(expected) ? expected.includes(actual) : actual === expected);
    }),
  );
  const template = rule && config.labels.en.executionRules[rule.labelName];
  return template?.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, field: string) => outputFields[field] ?? `{{ ${field} }}`);
}

/**
 * Every code a run can fail with: the failing codes (route and handlers), and any `AppError` code
 * or `INTERNAL_ERROR` the blocked-action worker reports once it gives up retrying.
 */
const FAILURE_CODES = [...new Set<string>([...FAILING_ERROR_CODES, ...(Object.keys(ERROR_CODES) as ErrorCode[]), 'INTERNAL_ERROR'])];
const ACTION_IDS = Object.keys(WORKFLOW_ACTIONS);

describe('execution rules of the workflow-action components', () => {
  it.each(ACTION_IDS.flatMap((actionId) => FAILING_ERROR_CODES.map((code) => [actionId, code] as const)))(
    '%s: a run failing with %s shows its reason in the workflow history',
    async (actionId, code) => {
      const failure = failureOf(new AppError(code, 'Contact 42 has no email address.'));
      if (!failure) throw new Error(`${code} is not a failing code`);

      const message = historyMessage(await checkedInConfig(actionId), toHubSpotOutputFields(failure));

      expect(message).toMatch(/^[^{}]+: Contact 42 has no email address\.$/);
    },
  );

  it.each(ACTION_IDS)('%s has one rule per code a run can fail with, matching that code alone', async (actionId) => {
    const config = await checkedInConfig(actionId);

    expect(config.executionRules.map((rule) => rule.conditions)).toEqual(
      expect.arrayContaining(FAILURE_CODES.map((code) => ({ [ERROR_CODE_FIELD]: code }))),
    );
    for (const code of FAILURE_CODES) {
      const outputs = toHubSpotOutputFields({ state: 'FAIL_CONTINUE', errorCode: code, errorMessage: 'Gave up.' });
      expect(historyMessage(config, outputs), code).toMatch(/: Gave up\.$/);
    }
  });

  it.each(ACTION_IDS)('%s declares the failure fields the rules match on as string outputs', async (actionId) => {
    const config = await checkedInConfig(actionId);

    expect(config.outputFields.map((field) => field.typeDefinition).slice(-2)).toEqual([
      { name: ERROR_CODE_FIELD, type: 'string', fieldType: 'text' },
      { name: ERROR_MESSAGE_FIELD, type: 'string', fieldType: 'textarea' },
    ]);
    expect(Object.keys(config.labels.en.executionRules).sort()).toEqual(config.executionRules.map((rule) => rule.labelName).sort());
  });

  it('match no successful run, whose outputs leave the failure fields empty', async () => {
    const definition = WORKFLOW_ACTIONS['check-tier-eligibility'];
    const outputs = toHubSpotOutputFields({
      state: 'SUCCESS',
      outputFields: toOutputFieldStrings(definition, { eligible: 'yes', missing_items: '', missing_count: 0 }),
    });

    expect(outputs).not.toHaveProperty(ERROR_CODE_FIELD);
    expect(historyMessage(await checkedInConfig(definition.id), outputs)).toBeUndefined();
  });
});
