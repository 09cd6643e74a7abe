import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ErrorCode } from '../src/errors.js';
import type { Program } from '../src/program/program-schema.js';

/** An option of an enumeration field, as HubSpot's workflow editor shows it. */
export interface FieldOption {
  value: string;
  label: string;
}

/**
 * How a field is typed in HubSpot's action definition (`typeDefinition.type` / `fieldType`).
 * Enumeration options may depend on the program (certification catalogue, track and tier names).
 */
export type HubSpotFieldType =
  | { type: 'string'; fieldType: 'text' | 'textarea' }
  | { type: 'number'; fieldType: 'number' }
  | { type: 'date'; fieldType: 'date' }
  | { type: 'enumeration'; fieldType: 'select'; options: (program: Program) => FieldOption[] };

/** Where a workflow may take an input value from: typed by the builder, or a property of the enrolled record. */
export type SupportedValueType = 'STATIC_VALUE' | 'OBJECT_PROPERTY';

/** One input or output field: its zod schema (what the handler sees) and how HubSpot shows it. */
export interface FieldSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  hubspot: HubSpotFieldType;
  label: string;
  /** Help text under the field in the workflow editor (inputs only). */
  description?: string;
  /** Inputs only; default `true`. */
  required?: boolean;
  /** Inputs only; default `['STATIC_VALUE']`. */
  valueTypes?: SupportedValueType[];
}

export type FieldSpecs = Record<string, FieldSpec>;
type SchemaShape<F extends FieldSpecs> = { [K in keyof F]: F[K]['schema'] };

/** The object a workflow enrolls; the action runs on that record (`object.objectId` in HubSpot's request). */
export type WorkflowObjectType = 'COMPANY' | 'CONTACT' | 'DEAL';

export interface WorkflowActionSpec<In extends FieldSpecs, Out extends FieldSpecs, Id extends string = string> {
  /** The action's name in routes and files: `POST /hubspot/actions/<id>`, `workflow-actions/<id>-hsmeta.json`. */
  id: Id;
  /** Project-unique component uid in HubSpot. */
  uid: string;
  objectType: WorkflowObjectType;
  labels: { actionName: string; actionDescription: string; actionCardContent: string };
  inputFields: In;
  outputFields: Out;
}

/**
 * Output fields a failed execution answers with, beside `hs_execution_state: FAIL_CONTINUE` (see
 * `toHubSpotOutputFields`). Declared on every action so the execution rules can match on them and
 * later workflow steps can branch on them; successful runs leave them empty. They are not part of
 * `output`: a handler never returns them. The names are `ERROR_CODE_FIELD` and `ERROR_MESSAGE_FIELD`
 * of run-workflow-action.ts, spelt out because that module imports this one (the execution-rules
 * test ties them together).
 */
export const FAILURE_OUTPUT_FIELDS = {
  errorCode: { schema: z.string(), hubspot: { type: 'string', fieldType: 'text' }, label: 'Error code' },
  errorMessage: { schema: z.string(), hubspot: { type: 'string', fieldType: 'textarea' }, label: 'Error message' },
} satisfies FieldSpecs;

/**
 * One of HubSpot's execution rules: when a run's output fields match every condition, the
 * workflow's history shows `message` (`labels.<lang>.executionRules[labelName]`) instead of a
 * generic failure. Rules are tried in order; the first match wins.
 */
export interface ExecutionRule {
  labelName: string;
  /** Output field name → the value it must have, or the values it may have. */
  conditions: Record<string, string | string[]>;
  /** `{{ outputField }}` is replaced with that output's value. */
  message: string;
}

/**
 * What a workflow's history says for each error code a run can fail with. The route and the
 * blocked-action worker answer `FAIL_CONTINUE` with `FAILING_ERROR_CODES`, and the worker, once it
 * gives up retrying, with whatever `AppError` code it last saw (`INTERNAL_ERROR` for anything
 * else), so every code has a message: a new `ErrorCode` does not compile without one.
 */
export const FAILURE_MESSAGES: Record<ErrorCode | 'INTERNAL_ERROR', string> = {
  INVALID_INPUT: 'Input not accepted: {{ errorMessage }}',
  NOT_FOUND: 'Record not found: {{ errorMessage }}',
  FORBIDDEN: 'Not allowed: {{ errorMessage }}',
  TRACK_LIMIT: 'Active-track limit reached: {{ errorMessage }}',
  CONSENT_REQUIRED: 'Consent cannot be asked: {{ errorMessage }}',
  HUBSPOT_REJECTED: 'HubSpot refused the change: {{ errorMessage }}',
  HUBSPOT_RATE_LIMITED: "HubSpot's API limit was reached: {{ errorMessage }}",
  HUBSPOT_UNAVAILABLE: 'HubSpot could not be reached: {{ errorMessage }}',
  SERVICE_UNAVAILABLE: 'The partner enablement service was unavailable: {{ errorMessage }}',
  INVALID_PROGRAM: 'The enablement program is not valid: {{ errorMessage }}',
  INVALID_CONFIG: 'The partner enablement app is misconfigured: {{ errorMessage }}',
  INVALID_SIGNATURE: 'The request could not be verified: {{ errorMessage }}',
  UNAUTHORIZED: 'Not authorized: {{ errorMessage }}',
  LINK_INVALID: 'Link not valid: {{ errorMessage }}',
  INTERNAL_ERROR: 'The partner enablement service failed: {{ errorMessage }}',
};

/** `HUBSPOT_REJECTED` → `hubspotRejected`, the label key style of HubSpot's examples. */
function labelNameOf(code: string): string {
  return code.toLowerCase().replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** One rule per error code, matching on `errorCode` alone (so the order does not matter). */
function failureExecutionRules(): ExecutionRule[] {
  return Object.entries(FAILURE_MESSAGES).map(([code, message]) => ({
    labelName: labelNameOf(code),
    conditions: { errorCode: code },
    message,
  }));
}

/** A custom workflow action: its HubSpot-facing fields and the zod schemas derived from them. */
export interface WorkflowActionDefinition<
  In extends FieldSpecs = FieldSpecs,
  Out extends FieldSpecs = FieldSpecs,
  Id extends string = string,
> extends WorkflowActionSpec<In, Out, Id> {
  /** The route HubSpot calls (`actionUrl` is the profile's backend origin plus this path). */
  path: `/hubspot/actions/${Id}`;
  /** Parses HubSpot's `inputFields` object. Unknown keys are dropped (HubSpot may add some). */
  input: z.ZodObject<SchemaShape<In>>;
  /** What the handler returns; the route serialises it with `toOutputFieldStrings`. */
  output: z.ZodObject<SchemaShape<Out>>;
  /** What the workflow's history shows for a failed run, by error code (`FAILURE_MESSAGES`). */
  executionRules: readonly ExecutionRule[];
}

export type AnyWorkflowActionDefinition = WorkflowActionDefinition<FieldSpecs, FieldSpecs>;
export type WorkflowActionInput<D extends AnyWorkflowActionDefinition> = z.infer<D['input']>;
export type WorkflowActionOutput<D extends AnyWorkflowActionDefinition> = z.infer<D['output']>;

/** Facts of the HubSpot request a handler may need; services come from the handler's factory. */
export interface WorkflowActionContext {
  portalId: string;
  objectType: WorkflowObjectType;
  /** The enrolled record: a company, contact or deal id, as `objectType` says. */
  objectId: string;
  /** Completes a `BLOCK`ed execution later (`POST /automation/v4/actions/callbacks/{callbackId}/complete`). */
  callbackId: string;
  workflowId: string | null;
  /** When the request arrived; handlers derive "today" from it in the partner's time zone. */
  receivedAt: Date;
}

/**
 * What `workflows/<id>/handler.ts` implements: typed input in, typed output fields out. Throw
 * `AppError` for a request that must fail (the route maps it); dependencies are bound by a factory,
 * e.g. `createRecordCertificationHandler(deps): WorkflowActionHandler<typeof recordCertification>`.
 */
export type WorkflowActionHandler<D extends AnyWorkflowActionDefinition> = (
  input: WorkflowActionInput<D>,
  ctx: WorkflowActionContext,
) => Promise<WorkflowActionOutput<D>>;

export function defineWorkflowAction<In extends FieldSpecs, Out extends FieldSpecs, const Id extends string>(
  spec: WorkflowActionSpec<In, Out, Id>,
): WorkflowActionDefinition<In, Out, Id> {
  const reserved = Object.keys(FAILURE_OUTPUT_FIELDS).filter((name) => Object.hasOwn(spec.outputFields, name));
  if (reserved.length > 0) throw new Error(`${spec.id}: output field ${reserved.join(', ')} is reserved for failed runs`);
  const shapeOf = <F extends FieldSpecs>(fields: F) =>
    Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.schema])) as SchemaShape<F>;
  return {
    ...spec,
    path: `/hubspot/actions/${spec.id}` as const,
    input: z.object(shapeOf(spec.inputFields)),
    output: z.object(shapeOf(spec.outputFields)),
    executionRules: failureExecutionRules(),
  };
}

/**
 * Output values as HubSpot takes them: strings, numbers in decimal, `null` as an empty string.
 * The output is parsed first, so a handler that returns a wrong value fails here, not in HubSpot.
 */
export function toOutputFieldStrings<D extends AnyWorkflowActionDefinition>(
  definition: D,
  output: WorkflowActionOutput<D>,
): Record<string, string> {
  const parsed = definition.output.parse(output) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(parsed).map(([name, value]) => [name, value === null || value === undefined ? '' : String(value)]),
  );
}

/**
 * A calendar date input: `YYYY-MM-DD`, or epoch milliseconds at midnight UTC (how HubSpot passes a
 * date property), as a number or a numeric string. Parses to `YYYY-MM-DD`.
 */
export const calendarDateInput = z.preprocess((value) => {
  const millis = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
  if (millis === null) return value;
  const date = DateTime.fromMillis(millis, { zone: 'utc' });
  return date.isValid && date.equals(date.startOf('day')) ? date.toISODate() : value;
}, z.iso.date());
