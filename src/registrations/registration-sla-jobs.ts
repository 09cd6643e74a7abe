import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.js';

/**
 * The jobs of the registration clocks, on the `registration-sla` BullMQ queue (ids only): one
 * delayed job per step of the decision clock (docs/registrations.md, "Decision deadline"), and per
 * approved protection its expiry notice and its expiry (docs/registrations.md, "Protection").
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
  protection: defineJob({
    name: 'registration-protection-step',
    version: 1,
    payload: z
      .object({
        portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)'),
        dealId: z.string().regex(/^\d+$/, 'expected a HubSpot record id (digits)'),
        step: z.enum(['notice', 'expire']),
        /** The last protected day the job was planned for; an extension plans new jobs and this one does nothing. */
        expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      })
      .strict(),
  }),
} as const;
