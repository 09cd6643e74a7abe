import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.js';

/**
 * The job of the registration decision clock: one delayed job per step of a registration (ids
 * only), on the `registration-sla` BullMQ queue (docs/registrations.md, "Decision deadline").
 */
export const registrationSlaJobs = {
  queueName: 'registration-sla',
  step: defineJob({
    name: 'registration-sla-step',
    version: 1,
    payload: z
      .object({
        portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)'),
        dealId: z.string().regex(/^\d+$/, 'expected a HubSpot record id (digits)'),
        step: z.enum(['remind', 'escalate', 'breach']),
      })
      .strict(),
  }),
} as const;
