import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.js';

const portalPayload = z.object({ portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)') }).strict();

/**
 * The daily partner snapshots of the program dashboard, and the refresh of its precomputed answer
 * (docs/metrics.md "Precomputed answers"), run on the `program-snapshots` queue.
 */
export const programSnapshotJobs = {
  queueName: 'program-snapshots',
  take: defineJob({ name: 'take-partner-day-snapshots', version: 1, payload: portalPayload }),
  refresh: defineJob({ name: 'refresh-program-dashboard', version: 1, payload: portalPayload }),
} as const;
