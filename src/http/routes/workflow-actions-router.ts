import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { BlockedActionQueue } from '../../../workflows/blocked-action-queue.js';
import {
  parseActionInput,
  runWorkflowAction,
  toHubSpotOutputFields,
  type WorkflowActionResult,
} from '../../../workflows/run-workflow-action.js';
import { resolveWorkflowAction, type WorkflowActionHandlers } from '../../../workflows/workflow-action-handlers.js';
import { isWorkflowActionId } from '../../../workflows/workflow-definitions.js';
import type { WorkflowActionContext } from '../../../workflows/define-workflow-action.js';
import { joinProblems } from '../join-problems.js';
import { keepRawBody, rawBodyOf, verifyWorkflowActionSignature } from './signed-hubspot-request.js';

/** What `POST /hubspot/actions/<action>` needs. */
export interface WorkflowActionsRouterDependencies {
  /** The app's client secret (`HUBSPOT_CLIENT_SECRET`, or the sandbox's): verifies v2 and v3 signatures. */
  clientSecret: string;
  /** `PUBLIC_BASE_URL`: the origin HubSpot calls; the signed URL is this plus the path and query. */
  publicBaseUrl: string;
  /** The portal this installation serves; an execution for another portal fails with `FORBIDDEN`. */
  portalId: string;
  handlers: WorkflowActionHandlers;
  /** Where executions that miss the deadline are handed over (a BullMQ job, see BlockedActionQueue). */
  blocked: Pick<BlockedActionQueue, 'enqueue' | 'cancel' | 'promote'>;
  /** Completes a BLOCKed execution (`POST /automation/v4/actions/callbacks/{callbackId}/complete`). */
  completeCallback(callbackId: string, outputFields: Record<string, string>): Promise<void>;
  logger: Logger;
  /**
   * How long an execution may run before the route answers BLOCK instead of waiting. Default
   * 2,500 ms: one partner (a company read, its associations, its contacts and one write) takes
   * well under a second unless the shared rate limiter makes it wait.
   */
  answerWithinMs?: number;
  /**
   * When a BLOCKed execution's queued completion starts if this process has not completed it by
   * then (it crashed, or is still waiting on HubSpot). Default 120,000 ms.
   */
  safetyNetDelayMs?: number;
  /** Clock (epoch ms) for signature timestamps and "today". Default `Date.now`. */
  now?: () => number;
}

const id = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/** HubSpot's request to an action URL; fields we do not use are let through. */
const executionRequest = z
  .object({
    callbackId: z.string().min(1),
    origin: z.object({ portalId: id }).loose(),
    context: z.object({ workflowId: id.optional() }).loose().optional(),
    object: z.object({ objectId: id, objectType: z.string().min(1) }).loose(),
    inputFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  })
  .loose();

type ExecutionRequest = z.infer<typeof executionRequest>;

function sendErrorBody(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

function sendResult(res: Response, result: WorkflowActionResult): void {
  res.status(200).json({ outputFields: toHubSpotOutputFields(result) });
}

/**
 * Seconds HubSpot should wait before sending the execution again, from the limiter's `retryAt`
 * (wall-clock epoch ms, so measured against the wall clock, never a test's frozen one).
 */
export function retryAfterSeconds(error: AppError): number {
  const retryAt = (error.details as { retryAt?: unknown } | undefined)?.retryAt;
  const now = Date.now();
  return typeof retryAt === 'number' && retryAt > now ? Math.ceil((retryAt - now) / 1000) : 10;
}

/**
 * HubSpot retries 429 (after Retry-After) and 5xx (for up to three days); any other 4xx fails the
 * execution for good, so only real outages get a 5xx and nothing the workflow sent ever does.
 */
function sendRetryable(res: Response, error: unknown, log: Logger): void {
  if (isAppError(error, 'HUBSPOT_RATE_LIMITED')) {
    res.setHeader('Retry-After', String(retryAfterSeconds(error)));
    return sendErrorBody(res, 429, error.code, error.message);
  }
  if (isAppError(error, 'HUBSPOT_UNAVAILABLE') || isAppError(error, 'SERVICE_UNAVAILABLE')) {
    log.warn({ err: { code: error.code, message: error.message } }, 'workflow action deferred: a dependency is unavailable');
    return sendErrorBody(res, 503, error.code, error.message);
  }
  log.error({ err: { message: error instanceof Error ? error.message : String(error), stack: (error as Error)?.stack } }, 'workflow action failed unexpectedly');
  sendErrorBody(res, 500, 'INTERNAL_ERROR', 'The workflow action failed unexpectedly; HubSpot will try again.');
}

type Settled = { result: WorkflowActionResult } | { error: unknown };

/** Resolves with the outcome if it settles within `ms`, else with null (the work goes on). */
async function settleWithin(work: Promise<Settled>, ms: number): Promise<Settled | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `POST /hubspot/actions/<action>`: HubSpot's custom workflow actions.
 *
 * | request | answer |
 * |---|---|
 * | no v2 signature, or a wrong one (or a wrong/stale v3 when present) | 401 `{ error }` |
 * | unknown action | 404 `{ error }` |
 * | body not HubSpot's execution request | 400 `{ error }` |
 * | another portal, wrong object type, bad input, unknown record, refused by HubSpot | 200 `FAIL_CONTINUE` + `errorCode`, `errorMessage` |
 * | done within `answerWithinMs` | 200 `SUCCESS` + the action's output fields |
 * | still running after `answerWithinMs` | 200 `BLOCK`; completed later through HubSpot's callback |
 * | HubSpot rate limited | 429 + `Retry-After` (HubSpot retries) |
 * | HubSpot or Redis unavailable | 503 (HubSpot retries) |
 */
export function createWorkflowActionsRouter(deps: WorkflowActionsRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const answerWithinMs = deps.answerWithinMs ?? 2_500;
  const safetyNetDelayMs = deps.safetyNetDelayMs ?? 120_000;
  const logger = deps.logger.child({ route: 'workflow-actions' });

  /** Completes a BLOCKed execution from this process, and drops its queued safety net. */
  async function completeInProcess(execution: ExecutionRequest, work: Promise<Settled>, log: Logger): Promise<void> {
    const settled = await work;
    try {
      if ('error' in settled) throw settled.error;
      await deps.completeCallback(execution.callbackId, toHubSpotOutputFields(settled.result));
      await deps.blocked.cancel(execution.callbackId);
      log.info({ state: settled.result.state }, 'blocked workflow action completed');
    } catch (error) {
      // The queued job takes over now, with its own retries.
      log.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'blocked workflow action handed to the queue');
      await deps.blocked.promote(execution.callbackId).catch((promoteError: unknown) => {
        log.error({ err: { message: String(promoteError) } }, 'could not start the queued completion; it starts after its delay');
      });
    }
  }

  async function handle(req: Request, res: Response): Promise<void> {
    const actionId = String(req.params.action);
    let log = logger.child({ action: actionId });
    const body = rawBodyOf(req);
    try {
      verifyWorkflowActionSignature(req, body, { clientSecret: deps.clientSecret, publicBaseUrl: deps.publicBaseUrl, now: now() });
    } catch (error) {
      if (!isAppError(error, 'INVALID_SIGNATURE')) throw error;
      log.warn({ reason: error.message }, 'workflow action request refused: bad signature');
      return sendErrorBody(res, 401, error.code, error.message);
    }
    if (!isWorkflowActionId(actionId)) {
      return sendErrorBody(res, 404, 'NOT_FOUND', `There is no workflow action "${actionId}".`);
    }
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(body.toString('utf8'));
    } catch {
      return sendErrorBody(res, 400, 'INVALID_INPUT', 'The body is not JSON: expected HubSpot\'s workflow action execution request.');
    }
    const parsed = executionRequest.safeParse(parsedJson);
    if (!parsed.success) {
      const problems = joinProblems(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`));
      return sendErrorBody(res, 400, 'INVALID_INPUT', `The body is not a workflow action execution request: ${problems}.`);
    }
    const execution = parsed.data;
    const portalId = execution.origin.portalId;
    log = log.child({ portalId, objectId: execution.object.objectId, callbackId: execution.callbackId });
    const { definition, handler } = resolveWorkflowAction(deps.handlers, actionId);

    if (portalId !== deps.portalId) {
      return sendResult(res, {
        state: 'FAIL_CONTINUE',
        errorCode: 'FORBIDDEN',
        errorMessage: `This installation serves HubSpot portal ${deps.portalId}, not ${portalId}.`,
      });
    }
    const objectType = execution.object.objectType.toUpperCase();
    if (objectType !== definition.objectType) {
      return sendResult(res, {
        state: 'FAIL_CONTINUE',
        errorCode: 'INVALID_INPUT',
        errorMessage: `${definition.labels.actionName} works on ${definition.objectType.toLowerCase()} records, not ${objectType.toLowerCase()} records.`,
      });
    }
    const inputFields = execution.inputFields ?? {};
    let input;
    try {
      input = parseActionInput(definition, inputFields);
    } catch (error) {
      if (!isAppError(error, 'INVALID_INPUT')) throw error;
      log.info({ reason: error.message }, 'workflow action input refused');
      return sendResult(res, { state: 'FAIL_CONTINUE', errorCode: error.code, errorMessage: error.message });
    }

    const context: WorkflowActionContext = {
      portalId,
      objectType: definition.objectType,
      objectId: execution.object.objectId,
      callbackId: execution.callbackId,
      workflowId: execution.context?.workflowId ?? null,
      receivedAt: new Date(now()),
    };
    const work: Promise<Settled> = runWorkflowAction(definition, handler, input, context).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    const settled = await settleWithin(work, answerWithinMs);
    if (settled) {
      if ('error' in settled) return sendRetryable(res, settled.error, log);
      if (settled.result.state === 'FAIL_CONTINUE') log.info({ errorCode: settled.result.errorCode }, 'workflow action failed');
      return sendResult(res, settled.result);
    }

    // Too slow to answer now (the rate limiter is making it wait): answer BLOCK, finish in this
    // process, and keep a queued completion as the safety net should this process die first.
    try {
      await deps.blocked.enqueue(
        {
          actionId,
          portalId,
          objectType: definition.objectType,
          objectId: execution.object.objectId,
          callbackId: execution.callbackId,
          workflowId: context.workflowId,
          inputFields,
        },
        { delayMs: safetyNetDelayMs },
      );
    } catch (error) {
      // Without the safety net a BLOCK could be lost: let HubSpot send the execution again.
      log.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'could not queue a blocked workflow action');
      void work;
      return sendErrorBody(res, 503, 'SERVICE_UNAVAILABLE', 'The workflow action could not be queued; HubSpot will try again.');
    }
    log.info({ answerWithinMs }, 'workflow action answered BLOCK; it completes through the callback');
    res.status(200).json({ outputFields: { hs_execution_state: 'BLOCK' } });
    void completeInProcess(execution, work, log);
  }

  router.post('/hubspot/actions/:action', keepRawBody, async (req, res) => {
    try {
      await handle(req, res);
    } catch (error) {
      if (res.headersSent) return;
      sendRetryable(res, error, logger);
    }
  });

  return router;
}
