import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { apiActor, keepRawBody, readSignedPortalJson } from '../http/routes/signed-hubspot-request.js';
import { recordCertification, type RecordCertificationDependencies } from './record-certification.js';
import type { SigningSecrets } from '../hubspot/webhook-signature.js';

/** Where the API takes certifications earned. */
export const CERTIFICATIONS_PATH = '/api/certifications';

/** What the certification route needs besides the services. */
export interface LifecycleRouterDependencies extends RecordCertificationDependencies {
  /** The app's client secret: API requests are signed v3 with it, like card requests. */
  clientSecret: SigningSecrets;
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
    const request = readSignedPortalJson(req, { clientSecret: deps.clientSecret, publicBaseUrl: deps.publicBaseUrl, portalId: deps.portalId, now: now() }, certificationRequest);
    const actor = apiActor(request.userId);
    const result = await recordCertification(deps, {
      portalId: deps.portalId,
      contactId: request.contactId,
      certificationId: request.certificationId,
      earnedOn: request.earnedOn,
      actor,
    });
    res.status(200).json(result);
  });
  return router;
}
