import { AppError, isAppError, type ErrorCode } from '../src/errors.js';
import {
  toOutputFieldStrings,
  type AnyWorkflowActionDefinition,
  type WorkflowActionContext,
  type WorkflowActionHandler,
  type WorkflowActionInput,
} from './workflow-definitions.js';

/**
 * How one execution of a custom workflow action ended, in HubSpot's terms. `FAIL_CONTINUE` carries
 * a reason the workflow's history shows (via the action's execution rules on `errorCode`).
 */
export type WorkflowActionResult =
  | { state: 'SUCCESS'; outputFields: Record<string, string> }
  | { state: 'FAIL_CONTINUE'; errorCode: string; errorMessage: string };

/**
 * Errors that fail the action for good: trying again would fail the same way (bad input, a record
 * that does not exist, the track limit, a value HubSpot refuses). Everything else — HubSpot rate
 * limited or down, Redis away, a bug — is thrown, so HubSpot (or the blocked-action job) retries.
 */
export const FAILING_ERROR_CODES: readonly ErrorCode[] = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'TRACK_LIMIT',
  'CONSENT_REQUIRED',
  'HUBSPOT_REJECTED',
];

/** Output field names HubSpot reads: the execution state, and the failure reason we add to it. */
export const EXECUTION_STATE_FIELD = 'hs_execution_state';
export const ERROR_CODE_FIELD = 'errorCode';
export const ERROR_MESSAGE_FIELD = 'errorMessage';

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Parses HubSpot's `inputFields` with the action's schema. Throws `INVALID_INPUT` naming every
 * problem at once, one readable sentence each, fields by their label ("Date earned is required"):
 * a missing field does not hide a malformed one beside it.
 */
export function parseActionInput<D extends AnyWorkflowActionDefinition>(definition: D, inputFields: unknown): WorkflowActionInput<D> {
  const fields = (inputFields && typeof inputFields === 'object' ? inputFields : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const missing = new Set<string>();
  for (const [name, spec] of Object.entries(definition.inputFields)) {
    if ((spec.required ?? true) && isMissing(fields[name])) {
      missing.add(name);
      problems.push(`${spec.label} is required`);
    }
  }
  const parsed = definition.input.safeParse(fields);
  if (parsed.success && problems.length === 0) return parsed.data as WorkflowActionInput<D>;
  for (const issue of parsed.error?.issues ?? []) {
    const name = String(issue.path[0] ?? '');
    if (missing.has(name)) continue;
    const label = definition.inputFields[name]?.label ?? (name || 'Input');
    problems.push(`${label} ${JSON.stringify(fields[name] ?? null)} is not valid: ${issue.message}`);
  }
  throw new AppError('INVALID_INPUT', `${definition.labels.actionName}: ${problems.join('; ')}.`, { details: { problems } });
}

/**
 * Runs a handler and turns its outcome into a result. Failing errors (see
 * {@link FAILING_ERROR_CODES}) become `FAIL_CONTINUE` with their message; other errors are thrown.
 */
export async function runWorkflowAction<D extends AnyWorkflowActionDefinition>(
  definition: D,
  handler: WorkflowActionHandler<D>,
  input: WorkflowActionInput<D>,
  context: WorkflowActionContext,
): Promise<WorkflowActionResult> {
  try {
    const output = await handler(input, context);
    return { state: 'SUCCESS', outputFields: toOutputFieldStrings(definition, output) };
  } catch (error) {
    const failure = failureOf(error);
    if (failure) return failure;
    throw error;
  }
}

/** The `FAIL_CONTINUE` result of a failing error; undefined for an error worth retrying. */
export function failureOf(error: unknown): Extract<WorkflowActionResult, { state: 'FAIL_CONTINUE' }> | undefined {
  if (isAppError(error) && FAILING_ERROR_CODES.includes(error.code)) {
    return { state: 'FAIL_CONTINUE', errorCode: error.code, errorMessage: error.message };
  }
  return undefined;
}

/** The `outputFields` HubSpot takes, `hs_execution_state` included. */
export function toHubSpotOutputFields(result: WorkflowActionResult): Record<string, string> {
  if (result.state === 'SUCCESS') return { ...result.outputFields, [EXECUTION_STATE_FIELD]: 'SUCCESS' };
  return {
    [ERROR_CODE_FIELD]: result.errorCode,
    [ERROR_MESSAGE_FIELD]: result.errorMessage,
    [EXECUTION_STATE_FIELD]: 'FAIL_CONTINUE',
  };
}
