import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError, isAppError, type ErrorCode } from '../errors.js';
import { queryDigits } from '../http/routes/query-digits.js';
import { keepRawBody, rawBodyOf, verifyCardSignature } from '../http/routes/signed-hubspot-request.js';
import type { SigningSecrets } from '../hubspot/webhook-signature.js';
import type { Logger } from '../logger.js';
import type { ServedProgramDashboard } from './serve-program-dashboard.js';

/** The app page's data route (docs/interfaces.md "Routes"). */
export const PROGRAM_DASHBOARD_PATH = '/hubspot/pages/program';

export interface ProgramDashboardRouterDependencies {
  /** The app's client secret: `hubspot.fetch` requests are signed v3 with it. */
  clientSecret: SigningSecrets;
  /** `PUBLIC_BASE_URL`: the signed URL is this plus the path and query. */
  publicBaseUrl: string;
  portalId: string;
  /** The dashboard of a closed quarter (`YYYYQn`), or of the last closed one, with when it was computed. */
  load(quarter: string | undefined): Promise<ServedProgramDashboard>;
  logger: Logger;
  /** Clock (epoch ms) for signature timestamps. Default `Date.now`. */
  now?: () => number;
}

const STATUS_OF: Partial<Record<ErrorCode, number>> = { INVALID_INPUT: 400, INVALID_SIGNATURE: 401, FORBIDDEN: 403, SERVICE_UNAVAILABLE: 503 };

const query = z.object({
  portalId: queryDigits('a HubSpot portal id'),
  quarter: z.string().regex(/^\d{4}Q[1-4]$/i, 'expected a quarter as YYYYQn, e.g. 2027Q1').optional(),
});

/**
 * `GET /hubspot/pages/program?portalId=…[&quarter=YYYYQn]`: the program dashboard as JSON for the
 * app page (docs/metrics.md), signed as the card routes are (401 without a valid v3 signature,
 * 403 for another portal, 400 for a malformed or unclosed quarter).
 */
export function createProgramDashboardRouter(deps: ProgramDashboardRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const logger = deps.logger.child({ route: 'program-dashboard' });
  router.get(PROGRAM_DASHBOARD_PATH, keepRawBody, async (req: Request, res: Response) => {
    try {
      verifyCardSignature(req, rawBodyOf(req), { clientSecret: deps.clientSecret, publicBaseUrl: deps.publicBaseUrl, now: now() });
      const parsed = query.safeParse(req.query);
      if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      if (parsed.data.portalId !== deps.portalId) throw new AppError('FORBIDDEN', `This installation serves HubSpot portal ${deps.portalId}, not ${parsed.data.portalId}.`);
      res.status(200).json(await deps.load(parsed.data.quarter?.toUpperCase()));
    } catch (error) {
      const status = isAppError(error) ? STATUS_OF[error.code] : undefined;
      if (isAppError(error) && status !== undefined) {
        logger.info({ status, code: error.code }, 'program dashboard request refused');
        res.status(status).json({ error: { code: error.code, message: error.message } });
        return;
      }
      logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'program dashboard request failed');
      res.status(500).json({ error: { code: 'INTERNAL_ERROR', message: 'The partner enablement service failed; try again.' } });
    }
  });
  return router;
}
