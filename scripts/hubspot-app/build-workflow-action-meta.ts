import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';
import type { Program } from '../../src/program/program-schema.js';
import { FAILURE_OUTPUT_FIELDS, type AnyWorkflowActionDefinition, type FieldSpec } from '../../workflows/define-workflow-action.js';
import { backendUrl } from './profile-variables.js';

interface TypeDefinition {
  name: string;
  type: string;
  fieldType: string;
  options?: { value: string; label: string }[];
}

export interface WorkflowActionMeta {
  uid: string;
  type: 'workflow-action';
  config: {
    actionUrl: string;
    isPublished: boolean;
    supportedClients: { client: 'WORKFLOWS' }[];
    objectTypes: string[];
    inputFields: { typeDefinition: TypeDefinition; supportedValueTypes: string[]; isRequired: boolean }[];
    outputFields: { typeDefinition: TypeDefinition }[];
    executionRules: { labelName: string; conditions: Record<string, string | string[]> }[];
    labels: {
      en: {
        actionName: string;
        actionDescription: string;
        actionCardContent: string;
        inputFieldLabels: Record<string, string>;
        inputFieldDescriptions: Record<string, string>;
        outputFieldLabels: Record<string, string>;
        executionRules: Record<string, string>;
      };
    };
  };
}

function typeDefinition(name: string, field: FieldSpec, program: Program): TypeDefinition {
  const { hubspot } = field;
  if (hubspot.type === 'enumeration') {
    return { name, type: hubspot.type, fieldType: hubspot.fieldType, options: hubspot.options(program) };
  }
  return { name, type: hubspot.type, fieldType: hubspot.fieldType };
}

function mapFields<T>(fields: Record<string, FieldSpec>, pick: (name: string, field: FieldSpec) => T | undefined): Record<string, T> {
  const entries = Object.entries(fields).flatMap(([name, field]) => {
    const value = pick(name, field);
    return value === undefined ? [] : [[name, value] as const];
  });
  return Object.fromEntries(entries);
}

/**
 * The `workflow-action` component of one definition: HubSpot calls the backend origin of the
 * upload profile at the definition's path; enumeration options come from the program. The failure
 * outputs (`errorCode`, `errorMessage`) follow the action's own, and the execution rules carry the
 * conditions while `labels.en.executionRules` carries the message of each rule.
 */
export function buildWorkflowActionMeta(
  definition: AnyWorkflowActionDefinition,
  program: Program = DEFAULT_PROGRAM,
): WorkflowActionMeta {
  const inputs = Object.entries(definition.inputFields);
  const outputFields: Record<string, FieldSpec> = { ...definition.outputFields, ...FAILURE_OUTPUT_FIELDS };
  const outputs = Object.entries(outputFields);
  return {
    uid: definition.uid,
    type: 'workflow-action',
    config: {
      actionUrl: backendUrl(definition.path),
      isPublished: true,
      supportedClients: [{ client: 'WORKFLOWS' }],
      objectTypes: [definition.objectType],
      inputFields: inputs.map(([name, field]) => ({
        typeDefinition: typeDefinition(name, field, program),
        supportedValueTypes: field.valueTypes ?? ['STATIC_VALUE'],
        isRequired: field.required ?? true,
      })),
      outputFields: outputs.map(([name, field]) => ({ typeDefinition: typeDefinition(name, field, program) })),
      executionRules: definition.executionRules.map(({ labelName, conditions }) => ({ labelName, conditions })),
      labels: {
        en: {
          ...definition.labels,
          inputFieldLabels: mapFields(definition.inputFields, (_, field) => field.label),
          inputFieldDescriptions: mapFields(definition.inputFields, (_, field) => field.description),
          outputFieldLabels: mapFields(outputFields, (_, field) => field.label),
          executionRules: Object.fromEntries(definition.executionRules.map((rule) => [rule.labelName, rule.message])),
        },
      },
    },
  };
}
