import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { joinProblems } from '../http/join-problems.js';
import { keepRawBody, readSignedPortalJson } from '../http/routes/signed-hubspot-request.js';
import type { SigningSecrets } from '../hubspot/webhook-signature.js';
import type { RegistrationSubmissionService } from './registration-submission-service.js';

/** Where the API takes deal registrations. */
export const REGISTRATIONS_PATH = '/api/registrations';

export interface RegistrationsRouterDependencies {
  submissions: Pick<RegistrationSubmissionService, 'submitRegistration'>;
  /** The app's client secret: API requests are signed v3 with it, like card requests. */
  clientSecret: SigningSecrets;
  /** `PUBLIC_BASE_URL`: the signed URL is this plus the path and query. */
  publicBaseUrl: string;
  /** The portal this installation serves; a request for another is refused (403). */
  portalId: string;
  /** Clock (epoch ms) for signature timestamps. Default `Date.now`. */
  now?: () => number;
}

const recordId = z.union([z.string().regex(/^\d+$/, 'expected a HubSpot record id (digits)'), z.number().int().nonnegative()]).transform(String);
const optionalText = z.string().nullish();

const registrationRequest = z.object({
  partnerCompanyId: recordId,
  submitterContactId: recordId,
  customerCompanyName: optionalText,
  customerDomain: optionalText,
  customerContactName: optionalText,
  customerContactEmail: optionalText,
  dealName: optionalText,
  /** Minor units (cents); whether it is whole and non-negative is the submission check's to say. */
  amount: z.number().nullish(),
  expectedCloseDate: optionalText,
  description: optionalText,
});

/**
 * `POST /api/registrations?portalId=…`, signed v3 with the client secret, with JSON
 * `{ partnerCompanyId, submitterContactId, customerCompanyName, customerDomain, customerContactName,
 * customerContactEmail, dealName, amount, expectedCloseDate, description }`: submits a deal
 * registration (docs/registrations.md). Answers 201 with a new registration or lead, 200 with the
 * registration the partner already held, 400 naming every field problem, 403 when the partner's
 * tier allows neither registering nor leads. Mount it through `createApp({ extraRouters })`.
 */
export function createRegistrationsRouter(deps: RegistrationsRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  router.post(REGISTRATIONS_PATH, keepRawBody, async (req: Request, res: Response) => {
    const check = { clientSecret: deps.clientSecret, publicBaseUrl: deps.publicBaseUrl, portalId: deps.portalId, now: now() };
    const { partnerCompanyId, submitterContactId, ...fields } = readSignedPortalJson(req, check, registrationRequest);
    const result = await deps.submissions.submitRegistration(partnerCompanyId, submitterContactId, fields);
    if (result.outcome === 'invalid') {
      const problems = joinProblems(result.problems.map((problem) => `${problem.field}: ${problem.message}`));
      throw new AppError('INVALID_INPUT', `The registration is not valid: ${problems}.`, { details: { problems: result.problems } });
    }
    if (result.outcome === 'refused') throw new AppError('FORBIDDEN', result.message);
    const created = result.outcome === 'lead' || !result.duplicate;
    res.status(created ? 201 : 200).json(result);
  });
  return router;
}
