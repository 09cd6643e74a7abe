import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AuditActor } from '../audit/audit-trail.js';
import { AppError } from '../errors.js';
import { keepRawBody, rawBodyOf, verifyCardSignature } from '../http/routes/signed-hubspot-request.js';
import { TRACK_IDS } from '../program/program-schema.js';
import { assignTraining } from './assign-training.js';
import { consentPageForToken } from './consent-page-for-token.js';
import { decideConsent } from './decide-consent.js';
import { renderConsentPage, type RenderedPage } from './render-consent-page.js';
import type { TrainingDependencies } from './training-dependencies.js';

/** Where the API takes training assignments. */
export const TRAINING_ASSIGNMENTS_PATH = '/api/training-assignments';

/** What the training routes need besides the services. */
export interface TrainingRouterDependencies extends TrainingDependencies {
  /** The app's client secret: API requests are signed v3 with it, like card requests. */
  clientSecret: string;
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
const portalQuery = z.object({ portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)') });
const decisionForm = z.object({ decision: z.enum(['accept', 'decline']) });

function sendPage(res: Response, page: RenderedPage): void {
  res.status(page.status).set(PAGE_HEADERS).send(page.html);
}

function problemsOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; ');
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
    const body = rawBodyOf(req);
    if (!deps.clientSecret) {
      // An empty key would let anyone sign: refuse everything until a secret is configured.
      throw new AppError('INVALID_SIGNATURE', 'This server cannot verify signatures: HUBSPOT_CLIENT_SECRET is not set, so every API request is refused.');
    }
    verifyCardSignature(req, body, { clientSecret: deps.clientSecret, publicBaseUrl: deps.publicBaseUrl, now: now() });
    const query = portalQuery.safeParse(req.query);
    if (!query.success) throw new AppError('INVALID_INPUT', `The request's query is not valid: ${problemsOf(query.error)}.`);
    if (query.data.portalId !== deps.portalId) {
      throw new AppError('FORBIDDEN', `This installation serves HubSpot portal ${deps.portalId}, not ${query.data.portalId}.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      throw new AppError('INVALID_INPUT', 'The request body is not JSON.');
    }
    const request = assignmentRequest.safeParse(json);
    if (!request.success) throw new AppError('INVALID_INPUT', `The request body is not valid: ${problemsOf(request.error)}.`);
    const actor: AuditActor = request.data.userId ? { type: 'hubspot-user', id: request.data.userId } : { type: 'operator', id: 'api' };
    const result = await assignTraining(deps, {
      portalId: deps.portalId,
      contactId: request.data.contactId,
      track: request.data.track,
      actor,
      ...(request.data.companyId ? { companyId: request.data.companyId } : {}),
    });
    res.status(result.outcome === 'consent_requested' ? 201 : 200).json(result);
  });

  return router;
}
