import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { joinProblems } from '../http/join-problems.js';
import { keepRawBody, readSignedPortalJson } from '../http/routes/signed-hubspot-request.js';
import type { SigningSecrets } from '../hubspot/webhook-signature.js';
import type { RegistrationTransitionRefusal } from '../domain/registrations/apply-registration-event.js';
import { isAppError } from '../errors.js';
import type { RegistrationDecisionService } from './registration-decision-service.js';
import type { RegistrationSubmissionService } from './registration-submission-service.js';

/** Where the API takes deal registrations. */
export const REGISTRATIONS_PATH = '/api/registrations';

export interface RegistrationsRouterDependencies {
  submissions: Pick<RegistrationSubmissionService, 'submitRegistration'>;
  /** Decisions on registrations (`POST /api/registrations/:dealId/decision`); without it that route is absent. */
  decisions?: Pick<RegistrationDecisionService, 'decideRegistration'>;
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

const decisionRequest = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), actorUserId: recordId.optional() }),
  z.object({ decision: z.literal('reject'), reason: z.string(), actorUserId: recordId.optional() }),
  z.object({ decision: z.literal('extend'), actorUserId: recordId.optional() }),
]);

function isRefusedTransition(error: unknown): boolean {
  return isAppError(error, 'INVALID_INPUT') && (error.details as Partial<RegistrationTransitionRefusal> | undefined)?.refused === 'registration_transition';
}

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
  const decisions = deps.decisions;
  if (decisions) {
    /**
     * `POST /api/registrations/:dealId/decision?portalId=…`, signed v3, with JSON `{ decision:
     * 'approve' | 'reject' | 'extend', reason? (reject), actorUserId? }`: decides the registration
     * (docs/registrations.md, "States"). 200 with the registration after it, 409 naming why the
     * step is refused, 404 for a deal that is no registration, 400 for a malformed request.
     */
    router.post(`${REGISTRATIONS_PATH}/:dealId/decision`, keepRawBody, async (req: Request, res: Response) => {
      const check = { clientSecret: deps.clientSecret, publicBaseUrl: deps.publicBaseUrl, portalId: deps.portalId, now: now() };
      const body = readSignedPortalJson(req, check, decisionRequest);
      const dealId = String(req.params.dealId ?? '');
      if (!/^\d+$/.test(dealId)) throw new AppError('INVALID_INPUT', `deal id "${dealId}" is not a record id`);
      const decision = body.decision === 'reject' ? { type: 'reject' as const, reason: body.reason } : { type: body.decision };
      const actor = body.actorUserId === undefined ? { type: 'system' as const } : { type: 'hubspot-user' as const, id: body.actorUserId };
      try {
        res.status(200).json(await decisions.decideRegistration(dealId, decision, actor));
      } catch (error) {
        if (!isRefusedTransition(error)) throw error;
        res.status(409).json({ error: { code: 'REFUSED', message: (error as Error).message } });
      }
    });
  }
  return router;
}
