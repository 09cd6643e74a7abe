import { z } from 'zod';
import { defineJob } from './job-definition.js';

const portalId = z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)');
const shard = z.number().int().min(0);

/** Recalculates the pending companies of one portal's shard, one claim at a time, until none is left. */
export const recalculateCompaniesJob = defineJob({
  name: 'recalculate-companies',
  version: 1,
  payload: z.object({ portalId, shard }).strict(),
});

/** Looks up the partner companies of the pending contacts of one portal and queues them. */
export const resolveContactsJob = defineJob({
  name: 'resolve-contacts',
  version: 1,
  payload: z.object({ portalId, shard }).strict(),
});

/** Wakes every shard that still holds work: the safety net for a lost wake-up. */
export const sweepRecalculationsJob = defineJob({
  name: 'sweep-recalculations',
  version: 1,
  payload: z.object({}).strict(),
});

/** The drain jobs: one per (portal, shard) at a time. */
export type DrainJobDefinition = typeof recalculateCompaniesJob | typeof resolveContactsJob;
