import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** The BullMQ queue of the time-driven work. */
export const LIFECYCLE_QUEUE = 'lifecycle';

/**
 * The lifecycle sweep's queue, on a `worker` connection (the caller closes it). The product builds
 * it in its queue registry (src/app/queue-registry.ts), so the dashboard and the shutdown see it.
 */
export function createLifecycleQueue(connection: Redis, options: { prefix?: string; logger?: Logger } = {}): Queue {
  const queue = new Queue(LIFECYCLE_QUEUE, { connection, prefix: `${options.prefix ?? 'pe'}:bull` });
  queue.on('error', (error) => options.logger?.debug({ err: { message: error.message } }, 'lifecycle queue connection error'));
  return queue;
}
