import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AuditActor } from '../audit/audit-trail.js';
import { AppError } from '../errors.js';
import { keepRawBody, rawBodyOf, verifyCardSignature } from '../http/routes/signed-hubspot-request.js';
import { recordCertification, type RecordCertificationDependencies } from './record-certification.js';

/** Where the API takes certifications earned. */
export const CERTIFICATIONS_PATH = '/api/certifications';

/** What the certification route needs besides the services. */
export interface LifecycleRouterDependencies extends RecordCertificationDependencies {
  /** The app's client secret: API requests are signed v3 with it, like card requests. */
  clientSecret: string;
  /** `PUBLIC_BASE_URL`: the signed URL is this plus the path and query. */
  publicBaseUrl: string;
  /** The portal this installation serves; a request for another is refused (403). */
  portalId: string;
}

const certificationRequest = z.object({
  contactId: z.string().regex(/^\d+$/, 'expected a HubSpot record id (digits)'),
  certificationId: z.string().min(1),
  earnedOn: z.string().min(1),
  /** The HubSpot user who recorded it, for the audit trail. */
  userId: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String).optional(),
});
const portalQuery = z.object({ portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)') });

function problemsOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; ');
}

/**
 * `POST /api/certifications?portalId=…` with JSON `{ contactId, certificationId, earnedOn, userId? }`,
 * signed v3 with the client secret: records a certification (see `recordCertification`) and answers
 * 200 with its expiry, status and the contact's valid certifications. Mount it through
 * `createApp({ extraRouters })`.
 */
export function createLifecycleRouter(deps: LifecycleRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  router.post(CERTIFICATIONS_PATH, keepRawBody, async (req: Request, res: Response) => {
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
    const request = certificationRequest.safeParse(json);
    if (!request.success) throw new AppError('INVALID_INPUT', `The request body is not valid: ${problemsOf(request.error)}.`);
    const actor: AuditActor = request.data.userId ? { type: 'hubspot-user', id: request.data.userId } : { type: 'operator', id: 'api' };
    const result = await recordCertification(deps, {
      portalId: deps.portalId,
      contactId: request.data.contactId,
      certificationId: request.data.certificationId,
      earnedOn: request.data.earnedOn,
      actor,
    });
    res.status(200).json(result);
  });
  return router;
}
