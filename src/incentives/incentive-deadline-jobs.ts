import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.js';

/** Both jobs name one deadline of one request: ids and the due day only, never personal data. */
const deadlinePayload = z
  .object({
    portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)'),
    requestId: z.string().min(1).max(100),
    deadline: z.enum(['verification', 'payment']),
    dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  })
  .strict();

/**
 * The jobs of the incentive deadlines, on the `incentive-deadlines` BullMQ queue (ids only): per
 * deadline of a request, a job at once that creates its task, and a delayed job run the day after
 * its due date that checks it (docs/incentives.md, "Deadlines").
 */
export const incentiveDeadlineJobs = {
  queueName: 'incentive-deadlines',
  check: defineJob({
    name: 'incentive-deadline-check',
    version: 1,
    payload: deadlinePayload,
  }),
  task: defineJob({
    name: 'incentive-deadline-task',
    version: 1,
    payload: deadlinePayload,
  }),
} as const;
