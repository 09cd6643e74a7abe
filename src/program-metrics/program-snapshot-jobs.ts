import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.js';

/** The daily partner snapshots of the program dashboard run on the `program-snapshots` queue. */
export const programSnapshotJobs = {
  queueName: 'program-snapshots',
  take: defineJob({
    name: 'take-partner-day-snapshots',
    version: 1,
    payload: z.object({ portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)') }).strict(),
  }),
} as const;
