import crypto from 'node:crypto';
import type { WorkflowActionComponent } from './read-app-components.js';
import { signHubSpotV3 } from './sign-hubspot-v3.js';

export interface WorkflowRunTarget {
  /** The backend origin (`PUBLIC_BASE_URL`). */
  origin: string;
  clientSecret: string;
  portalId: number;
  /** Completed callbacks as HubSpot records them (the sandbox's). */
  completedCallbacks: readonly { callbackId: string; outputFields: Record<string, string> }[];
  now?: () => number;
  /** How long to wait for the callback of a BLOCKed execution. Default 20 s. */
  callbackTimeoutMs?: number;
}

/** One execution, as the workspace's workflow panel shows it. */
export interface WorkflowRun {
  callbackId: string;
  status: number;
  /** The first answer's output fields (a BLOCK has only the execution state). */
  answer: Record<string, unknown> | null;
  /** Present when the answer was BLOCK: the fields the callback completed it with, or null if none came in time. */
  callback?: Record<string, string> | null;
  /** The outputs HubSpot would hand the workflow's next steps. */
  outputFields: Record<string, string>;
}

let executions = 0;

/**
 * Calls a custom workflow action as HubSpot does: POSTs `{ callbackId, origin, context, object,
 * inputFields }` signed with v2 (and v3), and when the answer is `BLOCK`, waits for the
 * execution's callback to arrive.
 */
export async function runWorkflowActionAsHubSpot(
  action: WorkflowActionComponent,
  request: { objectId: string; objectType: string; inputFields: Record<string, string> },
  target: WorkflowRunTarget,
): Promise<WorkflowRun> {
  const now = target.now ?? Date.now;
  const callbackId = `ap-${target.portalId}-${now()}-${++executions}`;
  const body = JSON.stringify({
    callbackId,
    origin: { portalId: target.portalId, actionDefinitionId: action.uid, actionDefinitionVersion: 1 },
    context: { source: 'WORKFLOWS', workflowId: 1_000_001 },
    object: { objectId: Number(request.objectId), objectType: request.objectType, properties: {} },
    inputFields: request.inputFields,
  });
  const url = `${target.origin}${action.path}`;
  const timestamp = now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature': crypto.createHash('sha256').update(`${target.clientSecret}POST${url}${body}`, 'utf8').digest('hex'),
      'x-hubspot-signature-version': 'v2',
      'x-hubspot-signature-v3': signHubSpotV3({ clientSecret: target.clientSecret, method: 'POST', url, body, timestamp }),
      'x-hubspot-request-timestamp': String(timestamp),
    },
    body,
    signal: AbortSignal.timeout(20_000),
  });
  const parsed = (await response.json().catch(() => null)) as { outputFields?: Record<string, unknown> } | null;
  const answer = parsed?.outputFields ?? null;
  const strings = Object.fromEntries(Object.entries(answer ?? {}).map(([name, value]) => [name, String(value)]));
  if (answer?.hs_execution_state !== 'BLOCK') return { callbackId, status: response.status, answer, outputFields: strings };
  const callback = await waitForCallback(target, callbackId);
  return { callbackId, status: response.status, answer, callback, outputFields: callback ?? strings };
}

async function waitForCallback(target: WorkflowRunTarget, callbackId: string): Promise<Record<string, string> | null> {
  const deadline = Date.now() + (target.callbackTimeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    const done = target.completedCallbacks.find((callback) => callback.callbackId === callbackId);
    if (done) return done.outputFields;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}
