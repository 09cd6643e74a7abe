import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../src/errors.js';
import { defineRedisScript, runRedisScript } from '../src/redis-script.js';

/** An answer given to a workflow action execution: what a re-delivery of it gets again. */
export interface CallbackAnswer {
  status: number;
  body: unknown;
}

/** What {@link AnsweredCallbacks.claim} found for an execution's `callbackId`. */
export type CallbackClaim =
  /** First delivery: run it, then `answer` (a final answer) or `release` (HubSpot will retry). */
  | { kind: 'first'; answer(answer: CallbackAnswer): Promise<void>; release(): Promise<void> }
  /** Answered before: send the same answer again, run nothing. */
  | { kind: 'answered'; answer: CallbackAnswer }
  /** Another delivery of it is running right now. */
  | { kind: 'running' }
  /** The callback id was used by a request with another body: not a re-delivery. */
  | { kind: 'different-request' };

export interface AnsweredCallbacksOptions {
  /** Key prefix shared with the rest of the app. Default `pe`. */
  prefix?: string;
  /** How long an answer is kept for re-deliveries. Default 7 days (HubSpot retries for 3). */
  keepAnswersMs?: number;
  /**
   * How long a running execution holds its callback id. Default 60 s: the route answers within
   * seconds (or answers BLOCK); should the process die meanwhile, a retry after this runs again.
   */
  runningMs?: number;
}

interface StoredEntry {
  /** SHA-256 of the raw body: a re-delivery is the same request, byte for byte. */
  digest: string;
  /** Set while the first delivery runs: who holds it. */
  runningBy?: string;
  answer?: CallbackAnswer;
}

const DAY_MS = 24 * 3600 * 1000;

// Deletes the running marker only if it is still this delivery's (its time may have run out and
// another delivery taken it over).
const RELEASE_IF_OWNED = defineRedisScript('workflowReleaseCallbackIfOwned', `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/**
 * The workflow action executions already answered, by HubSpot's `callbackId`, with their answers,
 * in Redis. A v2 signature has no timestamp, so a captured request could otherwise be replayed
 * forever: a replay (or HubSpot's own re-delivery after a lost answer) gets the stored answer
 * and runs nothing.
 */
export class AnsweredCallbacks {
  private readonly prefix: string;
  private readonly keepAnswersMs: number;
  private readonly runningMs: number;

  constructor(
    private readonly redis: Redis,
    options: AnsweredCallbacksOptions = {},
  ) {
    this.prefix = options.prefix ?? 'pe';
    this.keepAnswersMs = options.keepAnswersMs ?? 7 * DAY_MS;
    this.runningMs = options.runningMs ?? 60_000;
  }

  /**
   * Takes `callbackId` for this delivery, atomically, or says why not. Redis being away throws
   * `SERVICE_UNAVAILABLE` (the route answers 503 and HubSpot retries).
   */
  async claim(portalId: string, callbackId: string, rawBody: Buffer): Promise<CallbackClaim> {
    const key = this.keyOf(portalId, callbackId);
    const digest = crypto.createHash('sha256').update(rawBody).digest('hex');
    const running = JSON.stringify({ digest, runningBy: crypto.randomUUID() } satisfies StoredEntry);
    const previous = await this.unavailableAsAppError(
      () => this.redis.call('SET', key, running, 'PX', String(this.runningMs), 'NX', 'GET') as Promise<string | null>,
    );
    if (previous === null) {
      return {
        kind: 'first',
        answer: (answer) => this.store(key, { digest, answer }),
        release: () => this.unavailableAsAppError(() => runRedisScript(this.redis, RELEASE_IF_OWNED, [key], [running])).then(() => undefined),
      };
    }
    const entry = JSON.parse(previous) as StoredEntry;
    if (entry.digest !== digest) return { kind: 'different-request' };
    return entry.answer ? { kind: 'answered', answer: entry.answer } : { kind: 'running' };
  }

  private async store(key: string, entry: StoredEntry): Promise<void> {
    await this.unavailableAsAppError(() => this.redis.set(key, JSON.stringify(entry), 'PX', this.keepAnswersMs));
  }

  private keyOf(portalId: string, callbackId: string): string {
    return `${this.prefix}:workflow-actions:answered:${portalId}:${callbackId}`;
  }

  private async unavailableAsAppError<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new AppError('SERVICE_UNAVAILABLE', `Redis could not record the workflow action's callback id: ${(error as Error).message}`, { cause: error });
    }
  }
}
