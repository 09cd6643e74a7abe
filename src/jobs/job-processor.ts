import { UnrecoverableError, type Job, type Processor } from 'bullmq';
import type { Logger } from '../logger.js';
import { parseJobData, type JobDefinition } from './job-definition.js';

/** What a handler gets besides its payload. */
export interface JobContext {
  job: Job;
  /** Logger carrying the job's name and id. */
  logger: Logger;
  /** True once the worker is shutting down: finish the current step and return. */
  shouldStop(): boolean;
}

/** A job definition bound to its handler. */
export interface JobRoute {
  readonly name: string;
  run(data: unknown, context: JobContext): Promise<unknown>;
}

export function jobRoute<Payload>(
  definition: JobDefinition<Payload>,
  handle: (payload: Payload, context: JobContext) => Promise<unknown>,
): JobRoute {
  return {
    name: definition.name,
    run: (data, context) => handle(parseJobData(definition, data), context),
  };
}

/**
 * The BullMQ processor: finds the route of the job's name, re-parses the payload and runs the
 * handler. An unknown name is unrecoverable (a newer release's job reached an older worker).
 */
export function createJobProcessor(routes: JobRoute[], options: { logger: Logger; shouldStop(): boolean }): Processor {
  const byName = new Map(routes.map((r) => [r.name, r]));
  return async (job) => {
    const route = byName.get(job.name);
    if (!route) throw new UnrecoverableError(`no handler for job "${job.name}" in this worker`);
    const logger = options.logger.child({ job: job.name, jobId: job.id });
    return route.run(job.data, { job, logger, shouldStop: options.shouldStop });
  };
}
