import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { AnsweredCallbacks, CallbackAnswer } from '../../../workflows/answered-callbacks.js';
import type { BlockedActionQueue } from '../../../workflows/blocked-action-queue.js';
import {
  parseActionInput,
  runWorkflowAction,
  toHubSpotOutputFields,
  type WorkflowActionResult,
} from '../../../workflows/run-workflow-action.js';
import { resolveWorkflowAction, type WorkflowActionHandlers } from '../../../workflows/workflow-action-handlers.js';
import { isWorkflowActionId, type WorkflowActionId } from '../../../workflows/workflow-definitions.js';
import type { WorkflowActionContext } from '../../../workflows/define-workflow-action.js';
import { joinProblems } from '../join-problems.js';
import { keepRawBody, rawBodyOf, verifyWorkflowActionSignature } from './signed-hubspot-request.js';
import type { SigningSecrets } from '../../hubspot/webhook-signature.js';

/** What `POST /hubspot/actions/<action>` needs. */
export interface WorkflowActionsRouterDependencies {
  /** The app's client secret (`HUBSPOT_CLIENT_SECRET`, or the sandbox's): verifies v2 and v3 signatures. */
  clientSecret: SigningSecrets;
  /** `PUBLIC_BASE_URL`: the origin HubSpot calls; the signed URL is this plus the path and query. */
  publicBaseUrl: string;
  /** The portal this installation serves; an execution for another portal fails with `FORBIDDEN`. */
  portalId: string;
  handlers: WorkflowActionHandlers;
  /** Where executions that miss the deadline are handed over (a BullMQ job, see BlockedActionQueue). */
  blocked: Pick<BlockedActionQueue, 'enqueue' | 'cancel' | 'promote'>;
  /**
   * The executions already answered, by `callbackId`: a replayed or re-delivered execution gets
   * the stored answer and runs nothing; one arriving while the first still runs gets 429.
   */
  answeredCallbacks: Pick<AnsweredCallbacks, 'claim'>;
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
    // HubSpot's ids are short; the cap keeps a key per execution in Redis small.
    callbackId: z.string().min(1).max(256),
    origin: z.object({ portalId: id }).loose(),
    context: z.object({ workflowId: id.optional() }).loose().optional(),
    object: z.object({ objectId: id, objectType: z.string().min(1) }).loose(),
    inputFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  })
  .loose();

type ExecutionRequest = z.infer<typeof executionRequest>;

/** What the route answers, and whether it is the execution's final answer (kept for re-deliveries). */
interface Outcome {
  answer: CallbackAnswer;
  /** False for the answers HubSpot retries (429, 5xx): a retry must run the execution again. */
  final: boolean;
  headers?: Record<string, string>;
  /** Runs once the answer is sent (a BLOCKed execution goes on in this process). */
  afterAnswer?: () => void;
}

// How long a re-delivery that arrives while the first delivery runs should wait: the first one
// answers within `answerWithinMs` (or answers BLOCK).
const RUNNING_RETRY_AFTER_SECONDS = 5;

function errorAnswer(status: number, code: string, message: string): CallbackAnswer {
  return { status, body: { error: { code, message } } };
}

function sendAnswer(res: Response, answer: CallbackAnswer, headers: Record<string, string> = {}): void {
  res.status(answer.status).set(headers).json(answer.body);
}

function resultOutcome(result: WorkflowActionResult): Outcome {
  return { answer: { status: 200, body: { outputFields: toHubSpotOutputFields(result) } }, final: true };
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
function retryableOutcome(error: unknown, log: Logger): Outcome {
  if (isAppError(error, 'HUBSPOT_RATE_LIMITED')) {
    return { answer: errorAnswer(429, error.code, error.message), final: false, headers: { 'Retry-After': String(retryAfterSeconds(error)) } };
  }
  if (isAppError(error, 'HUBSPOT_UNAVAILABLE') || isAppError(error, 'SERVICE_UNAVAILABLE')) {
    log.warn({ err: { code: error.code, message: error.message } }, 'workflow action deferred: a dependency is unavailable');
    return { answer: errorAnswer(503, error.code, error.message), final: false };
  }
  log.error({ err: { message: error instanceof Error ? error.message : String(error), stack: (error as Error)?.stack } }, 'workflow action failed unexpectedly');
  return { answer: errorAnswer(500, 'INTERNAL_ERROR', 'The workflow action failed unexpectedly; HubSpot will try again.'), final: false };
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
 * | v3 headers present: a wrong or stale (over 5 minutes) v3 signature; else a missing or wrong v2 | 401 `{ error }` |
 * | unknown action | 404 `{ error }` |
 * | body not HubSpot's execution request | 400 `{ error }` |
 * | a `callbackId` answered before, same body | the stored answer again; nothing runs |
 * | a `callbackId` still running | 429 + `Retry-After` (HubSpot retries) |
 * | a `callbackId` used before with another body | 409 `{ error }` |
 * | another portal, wrong object type, bad input, unknown record, refused by HubSpot | 200 `FAIL_CONTINUE` + `errorCode`, `errorMessage` |
 * | done within `answerWithinMs` | 200 `SUCCESS` + the action's output fields |
 * | still running after `answerWithinMs` | 200 `BLOCK`; completed later through HubSpot's callback |
 * | HubSpot rate limited | 429 + `Retry-After` (HubSpot retries) |
 * | HubSpot or Redis unavailable | 503 (HubSpot retries) |
 *
 * Every 200 answer is kept for 7 days by `callbackId`; 429 and 5xx answers are not, so HubSpot's
 * retry runs the execution again.
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

  /** Runs a first delivery of an execution: what the route answers, and what it keeps. */
  async function execute(actionId: WorkflowActionId, execution: ExecutionRequest, log: Logger): Promise<Outcome> {
    const portalId = execution.origin.portalId;
    const { definition, handler } = resolveWorkflowAction(deps.handlers, actionId);
    if (portalId !== deps.portalId) {
      return resultOutcome({
        state: 'FAIL_CONTINUE',
        errorCode: 'FORBIDDEN',
        errorMessage: `This installation serves HubSpot portal ${deps.portalId}, not ${portalId}.`,
      });
    }
    const objectType = execution.object.objectType.toUpperCase();
    if (objectType !== definition.objectType) {
      return resultOutcome({
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
      return resultOutcome({ state: 'FAIL_CONTINUE', errorCode: error.code, errorMessage: error.message });
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
      if ('error' in settled) return retryableOutcome(settled.error, log);
      if (settled.result.state === 'FAIL_CONTINUE') log.info({ errorCode: settled.result.errorCode }, 'workflow action failed');
      return resultOutcome(settled.result);
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
      return { answer: errorAnswer(503, 'SERVICE_UNAVAILABLE', 'The workflow action could not be queued; HubSpot will try again.'), final: false };
    }
    log.info({ answerWithinMs }, 'workflow action answered BLOCK; it completes through the callback');
    return {
      answer: { status: 200, body: { outputFields: { hs_execution_state: 'BLOCK' } } },
      final: true,
      afterAnswer: () => void completeInProcess(execution, work, log),
    };
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
      return sendAnswer(res, errorAnswer(401, error.code, error.message));
    }
    if (!isWorkflowActionId(actionId)) {
      return sendAnswer(res, errorAnswer(404, 'NOT_FOUND', `There is no workflow action "${actionId}".`));
    }
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(body.toString('utf8'));
    } catch {
      return sendAnswer(res, errorAnswer(400, 'INVALID_INPUT', 'The body is not JSON: expected HubSpot\'s workflow action execution request.'));
    }
    const parsed = executionRequest.safeParse(parsedJson);
    if (!parsed.success) {
      const problems = joinProblems(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`));
      return sendAnswer(res, errorAnswer(400, 'INVALID_INPUT', `The body is not a workflow action execution request: ${problems}.`));
    }
    const execution = parsed.data;
    log = log.child({ portalId: execution.origin.portalId, objectId: execution.object.objectId, callbackId: execution.callbackId });

    const claim = await deps.answeredCallbacks.claim(execution.origin.portalId, execution.callbackId, body);
    if (claim.kind === 'answered') {
      log.info({ status: claim.answer.status }, 'workflow action delivered again: answered as before, nothing run');
      return sendAnswer(res, claim.answer);
    }
    if (claim.kind === 'running') {
      log.info('workflow action delivered again while the first delivery runs: asked to retry');
      return sendAnswer(
        res,
        errorAnswer(429, 'ALREADY_RUNNING', `Execution ${execution.callbackId} is running already; send it again later for its answer.`),
        { 'Retry-After': String(RUNNING_RETRY_AFTER_SECONDS) },
      );
    }
    if (claim.kind === 'different-request') {
      log.warn('workflow action refused: its callback id was used by another request');
      return sendAnswer(res, errorAnswer(409, 'INVALID_INPUT', `Callback id ${execution.callbackId} was already used by a different request; every execution has its own.`));
    }

    let outcome: Outcome;
    try {
      outcome = await execute(actionId, execution, log);
    } catch (error) {
      outcome = retryableOutcome(error, log);
    }
    if (outcome.final) {
      // Kept before it is sent, so a re-delivery racing the answer finds it.
      await claim.answer(outcome.answer).catch((error: unknown) => {
        log.error({ err: { message: (error as Error).message } }, 'could not keep the workflow action\'s answer; a re-delivery would run it again');
      });
    } else {
      await claim.release().catch((error: unknown) => {
        log.warn({ err: { message: (error as Error).message } }, 'could not free the callback id; a retry waits for it to lapse');
      });
    }
    sendAnswer(res, outcome.answer, outcome.headers);
    outcome.afterAnswer?.();
  }

  router.post('/hubspot/actions/:action', keepRawBody, async (req, res) => {
    try {
      await handle(req, res);
    } catch (error) {
      if (res.headersSent) return;
      const outcome = retryableOutcome(error, logger);
      sendAnswer(res, outcome.answer, outcome.headers);
    }
  });

  return router;
}
