import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { FailedRecalculation } from '../jobs/recalculation-queue.js';
import { requireAdminToken } from './require-admin-token.js';
import { joinProblems } from './join-problems.js';

/** What the failed-records routes need (the recalculation queue provides it). */
export interface FailedRecalculations {
  listFailed(portalId?: string): Promise<FailedRecalculation[]>;
  retryFailed(portalId: string, ids?: { companies?: string[]; contacts?: string[] }): Promise<number>;
}

export interface AdminRouteOptions {
  /** `ADMIN_TOKEN`. */
  adminToken: string;
  /** Mount path; default `/admin`. */
  basePath?: string;
  /** Queues shown in the dashboard. */
  queues: Queue[];
  failed?: FailedRecalculations;
}

const portalIdSchema = z.string().regex(/^\d+$/, 'expected a portal id (digits)');
const retryBody = z
  .object({
    portalId: portalIdSchema,
    companyIds: z.array(z.string().regex(/^\d+$/)).optional(),
    contactIds: z.array(z.string().regex(/^\d+$/)).optional(),
  })
  .strict();

/**
 * Operator routes, all behind the admin token:
 * - `/admin/queues` — BullMQ's dashboard (Bull Board): jobs waiting, running, delayed, failed.
 * - `GET /admin/recalculations/failed[?portalId=]` — records whose recalculation failed, with the reason.
 * - `POST /admin/recalculations/failed/retry` `{ portalId, companyIds?, contactIds? }` — queues
 *   them again (all of the portal's when no ids are given).
 */
export function createAdminRouter(options: AdminRouteOptions): Router {
  const basePath = options.basePath ?? '/admin';
  const router = Router();
  const board = new ExpressAdapter();
  board.setBasePath(`${basePath}/queues`);
  createBullBoard({ queues: options.queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: board });

  const admin = Router();
  admin.use(requireAdminToken(options.adminToken));
  admin.use('/queues', board.getRouter());
  if (options.failed) {
    const failed = options.failed;
    admin.get('/recalculations/failed', async (req, res) => {
      const portalId = req.query.portalId === undefined ? undefined : parse(portalIdSchema, req.query.portalId, 'portalId');
      res.json({ failed: await failed.listFailed(portalId) });
    });
    admin.post('/recalculations/failed/retry', express.json(), async (req, res) => {
      const body = parse(retryBody, req.body, 'body');
      const ids = body.companyIds || body.contactIds ? { companies: body.companyIds, contacts: body.contactIds } : undefined;
      res.json({ queued: await failed.retryFailed(body.portalId, ids) });
    });
  }
  router.use(basePath, admin);
  return router;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${[what, ...issue.path].join('.')}: ${issue.message}`);
  throw new AppError('INVALID_INPUT', joinProblems(problems));
}
