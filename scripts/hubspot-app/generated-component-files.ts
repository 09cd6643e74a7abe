import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';
import type { Program } from '../../src/program/program-schema.js';
import { WORKFLOW_ACTIONS } from '../../workflows/workflow-definitions.js';
import { buildWebhooksMeta } from './build-webhooks-meta.js';
import { buildWorkflowActionMeta } from './build-workflow-action-meta.js';

/** A component file generated from code: its path under the repository root and its exact text. */
export interface GeneratedFile {
  path: string;
  text: string;
}

function asJsonFile(path: string, value: unknown): GeneratedFile {
  return { path, text: `${JSON.stringify(value, null, 2)}\n` };
}

/**
 * Every `*-hsmeta.json` that is generated rather than written by hand: the webhooks (from the
 * property schema) and one workflow action per definition (from `workflows/*\/definition.ts`).
 */
export function generatedComponentFiles(program: Program = DEFAULT_PROGRAM): GeneratedFile[] {
  return [
    asJsonFile('extensions/app/webhooks/webhooks-hsmeta.json', buildWebhooksMeta(program)),
    ...Object.values(WORKFLOW_ACTIONS).map((definition) =>
      asJsonFile(`extensions/app/workflow-actions/${definition.id}-hsmeta.json`, buildWorkflowActionMeta(definition, program)),
    ),
  ];
}
