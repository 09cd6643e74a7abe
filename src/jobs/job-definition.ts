import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

/**
 * A kind of job: its name, the version of its payload and the payload's schema. Handlers live
 * apart from definitions, so a producer (the web process) imports no handler code, and the worker
 * re-parses every payload it receives: a payload from an older or newer release fails loudly
 * instead of running with the wrong shape. Payloads hold ids only, never personal data.
 */
export interface JobDefinition<Payload> {
  readonly name: string;
  readonly version: number;
  readonly payload: z.ZodType<Payload>;
}

/** What is stored as a BullMQ job's data: the payload plus its version. */
export type JobData<Payload> = Payload & { v: number };

export function defineJob<Schema extends z.ZodType>(definition: {
  name: string;
  version: number;
  payload: Schema;
}): JobDefinition<z.infer<Schema>> {
  return definition as JobDefinition<z.infer<Schema>>;
}

/** The data to store for a payload (validated first: a bad payload must not reach Redis). */
export function jobData<Payload>(definition: JobDefinition<Payload>, payload: Payload): JobData<Payload> {
  return { ...definition.payload.parse(payload), v: definition.version } as JobData<Payload>;
}

/**
 * Parses a job's stored data. Throws BullMQ's `UnrecoverableError` for a version or shape this
 * worker does not handle: retrying could never succeed.
 */
export function parseJobData<Payload>(definition: JobDefinition<Payload>, data: unknown): Payload {
  const version = typeof data === 'object' && data !== null ? (data as { v?: unknown }).v : undefined;
  if (version !== definition.version) {
    throw new UnrecoverableError(
      `${definition.name} job has payload version ${String(version)}; this worker handles version ${definition.version}`,
    );
  }
  const { v: _version, ...payload } = data as { v: number };
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
    throw new UnrecoverableError(`${definition.name} job has an invalid payload: ${problems.join('; ')}`);
  }
  return parsed.data;
}
