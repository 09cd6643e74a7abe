import type { AnyWorkflowActionDefinition, WorkflowActionHandler } from './define-workflow-action.js';
import { WORKFLOW_ACTIONS, type WorkflowActionId } from './workflow-definitions.js';

/** One handler per custom workflow action, by id: what the route and the blocked-action worker run. */
export type WorkflowActionHandlers = { [K in WorkflowActionId]: WorkflowActionHandler<(typeof WORKFLOW_ACTIONS)[K]> };

/** An action picked by id at run time: its definition and handler, with the input checked by the definition. */
export interface ResolvedWorkflowAction {
  definition: AnyWorkflowActionDefinition;
  handler: WorkflowActionHandler<AnyWorkflowActionDefinition>;
}

export function resolveWorkflowAction(handlers: WorkflowActionHandlers, id: WorkflowActionId): ResolvedWorkflowAction {
  return {
    definition: WORKFLOW_ACTIONS[id] as unknown as AnyWorkflowActionDefinition,
    // The handler of `id` takes exactly what `definition.input` parses, so widening both together is safe.
    handler: handlers[id] as unknown as WorkflowActionHandler<AnyWorkflowActionDefinition>,
  };
}
