import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { apiActor, keepRawBody, readSignedPortalJson } from '../http/routes/signed-hubspot-request.js';
import { TRACK_IDS } from '../program/program-schema.js';
import { assignTraining } from './assign-training.js';
import { consentPageForToken } from './consent-page-for-token.js';
import { decideConsent } from './decide-consent.js';
import { renderConsentPage, type RenderedPage } from './render-consent-page.js';
import type { TrainingDependencies } from './training-dependencies.js';
import type { SigningSecrets } from '../hubspot/webhook-signature.js';

/** Where the API takes training assignments. */
export const TRAINING_ASSIGNMENTS_PATH = '/api/training-assignments';

/** What the training routes need besides the services. */
export interface TrainingRouterDependencies extends TrainingDependencies {
  /** The app's client secret: API requests are signed v3 with it, like card requests. */
  clientSecret: SigningSecrets;
  /** The portal this installation serves; a request for another is refused (403). */
  portalId: string;
}

// The page holds a single-use token in its URL and form: keep it out of caches, referrers and
// frames, and let it load nothing but its own inline style.
const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const recordId = z.string().regex(/^\d+$/, 'expected a HubSpot record id (digits)');
const assignmentRequest = z.object({
  contactId: recordId,
  track: z.enum(TRACK_IDS),
  /** The company the request is made from; the contact must be associated with it. */
  companyId: recordId.optional(),
  /** The HubSpot user who asked, for the audit trail. */
  userId: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String).optional(),
});
const decisionForm = z.object({ decision: z.enum(['accept', 'decline']) });

function sendPage(res: Response, page: RenderedPage): void {
  res.status(page.status).set(PAGE_HEADERS).send(page.html);
}


/**
 * The consent pages (`GET`/`POST /training/consent/:token`: server-rendered, no JavaScript, the
 * form's single-use token stands in for a CSRF token) and the assignment API (`POST
 * /api/training-assignments?portalId=…`, JSON `{ contactId, track, companyId?, userId? }`, signed
 * v3 with the client secret). Mount it through `createApp({ extraRouters })`.
 */
export function createTrainingRouter(deps: TrainingRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const logger = deps.logger.child({ route: 'training' });

  const pageRoute = (run: (req: Request) => Promise<RenderedPage>) => async (req: Request, res: Response) => {
    try {
      sendPage(res, await run(req));
    } catch (error) {
      logger.error({ err: { message: (error as Error).message } }, 'consent page failed');
      sendPage(res, renderConsentPage({ kind: 'try-again' }));
    }
  };

  router.get(
    '/training/consent/:token',
    pageRoute(async (req) => renderConsentPage(await consentPageForToken(deps, String(req.params.token), now()))),
  );

  router.post(
    '/training/consent/:token',
    express.urlencoded({ extended: false, limit: '4kb' }),
    pageRoute(async (req) => {
      const token = String(req.params.token);
      const form = decisionForm.safeParse(req.body ?? {});
      if (!form.success) return { ...renderConsentPage(await consentPageForToken(deps, token, now())), status: 400 };
      return renderConsentPage(await decideConsent(deps, token, form.data.decision));
    }),
  );

  router.post(TRAINING_ASSIGNMENTS_PATH, keepRawBody, async (req: Request, res: Response) => {
    const request = readSignedPortalJson(req, { clientSecret: deps.clientSecret, publicBaseUrl: deps.publicBaseUrl, portalId: deps.portalId, now: now() }, assignmentRequest);
    const actor = apiActor(request.userId);
    const result = await assignTraining(deps, {
      portalId: deps.portalId,
      contactId: request.contactId,
      track: request.track,
      actor,
      ...(request.companyId ? { companyId: request.companyId } : {}),
    });
    res.status(result.outcome === 'consent_requested' ? 201 : 200).json(result);
  });

  return router;
}
