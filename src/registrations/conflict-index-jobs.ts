import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.js';

const portalId = z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)');

/**
 * The jobs of the conflict-check index queue: the company and deal events of one webhook request
 * (ids only), and a repair of the whole index. Both run on the `conflict-index` BullMQ queue.
 */
export const conflictIndexJobs = {
  queueName: 'conflict-index',
  events: defineJob({
    name: 'index-events',
    version: 1,
    payload: z
      .object({
        portalId,
        events: z.array(z.object({ object: z.enum(['company', 'deal']), objectId: z.string().regex(/^\d+$/), deleted: z.boolean(), guard: z.boolean().optional() }).strict()).min(1),
      })
      .strict(),
  }),
  repair: defineJob({
    name: 'index-repair',
    version: 1,
    payload: z.object({ portalId }).strict(),
  }),
} as const;
