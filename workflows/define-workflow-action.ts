import { DateTime } from 'luxon';
import { z } from 'zod';
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
export type WorkflowObjectType = 'COMPANY' | 'CONTACT';

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
}

export type AnyWorkflowActionDefinition = WorkflowActionDefinition<FieldSpecs, FieldSpecs>;
export type WorkflowActionInput<D extends AnyWorkflowActionDefinition> = z.infer<D['input']>;
export type WorkflowActionOutput<D extends AnyWorkflowActionDefinition> = z.infer<D['output']>;

/** Facts of the HubSpot request a handler may need; services come from the handler's factory. */
export interface WorkflowActionContext {
  portalId: string;
  objectType: WorkflowObjectType;
  /** The enrolled record: a company or a contact id, as `objectType` says. */
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
  const shapeOf = <F extends FieldSpecs>(fields: F) =>
    Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.schema])) as SchemaShape<F>;
  return {
    ...spec,
    path: `/hubspot/actions/${spec.id}` as const,
    input: z.object(shapeOf(spec.inputFields)),
    output: z.object(shapeOf(spec.outputFields)),
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
