import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type {
  AssignTrainingResponse,
  CardErrorBody,
  ContactEnablementResponse,
  DealRegistrationResponse,
  DecideTierChangeResponse,
  PartnerEnablementResponse,
  DecideIncentiveResponse,
  RecalculateResponse,
  RegistrationDecisionResponse,
} from '../../../extensions/app/cards/card-data.js';
import type { CardActions } from '../../cards/card-actions.js';
import { loadContactCard, loadPartnerCard, type CardDataSources } from '../../cards/load-card-data.js';
import { loadDealRegistrationCard, type DealRegistrationSources } from '../../cards/load-deal-registration-card.js';
import { AppError, isAppError, type ErrorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { TIER_IDS, TRACK_IDS } from '../../program/program-schema.js';
import { tierChangeRefusalOf } from '../../governance/tier-change-decision-service.js';
import { joinProblems } from '../join-problems.js';
import { queryDigits } from './query-digits.js';
import { keepRawBody, rawBodyOf, verifyCardSignature } from './signed-hubspot-request.js';
import { retryAfterSeconds } from './workflow-actions-router.js';
import type { SigningSecrets } from '../../hubspot/webhook-signature.js';
import type { RegistrationTransitionRefusal } from '../../domain/registrations/apply-registration-event.js';
import type { RegistrationDecisionService } from '../../registrations/registration-decision-service.js';

/** Card routes (card-data.ts `CARD_ROUTES`, repeated here: the backend imports only its types). */
export const CARD_DATA_PATHS = {
  partnerEnablement: '/hubspot/cards/partner-enablement',
  contactEnablement: '/hubspot/cards/contact-enablement',
  recalculate: '/hubspot/cards/partner-enablement/recalculate',
  assignTraining: '/hubspot/cards/partner-enablement/assign-training',
  dealRegistration: '/hubspot/cards/deal-registration',
  decideRegistration: '/hubspot/cards/deal-registration/decision',
  decideTierChange: '/hubspot/cards/partner-enablement/decide-tier-change',
  decideIncentive: '/hubspot/cards/partner-enablement/decide-incentive',
} as const;

/** What `GET|POST /hubspot/cards/...` needs. */
export interface CardDataRouterDependencies {
  /** The app's client secret: `hubspot.fetch` requests are signed v3 with it. */
  clientSecret: SigningSecrets;
  /** `PUBLIC_BASE_URL`: the signed URL is this plus the path and query. */
  publicBaseUrl: string;
  /** Reads (the portal, program, repository, contact reader, training assignments). */
  sources: CardDataSources;
  actions: CardActions;
  /** The deal registration card's reads; without them its route is not served. */
  dealRegistrations?: DealRegistrationSources;
  /** Decisions from the deal registration card (the API's decision service); without them, or the card's reads, that route is not served. */
  registrationDecisions?: Pick<RegistrationDecisionService, 'decideRegistration'>;
  logger: Logger;
  /** Clock (epoch ms) for signature timestamps and "today". Default `Date.now`. */
  now?: () => number;
}

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  INVALID_SIGNATURE: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TRACK_LIMIT: 409,
  CONSENT_REQUIRED: 409,
  HUBSPOT_RATE_LIMITED: 429,
  HUBSPOT_REJECTED: 502,
  HUBSPOT_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
};

const recordId = z.string().regex(/^\d+$/, 'expected a HubSpot record id (digits)');
// Parameters the card did not send (HubSpot's userId, userEmail, appId) are let through unread.
const portalQuery = z.object({ portalId: queryDigits('a HubSpot portal id') });
const companyQuery = portalQuery.extend({ companyId: queryDigits('a HubSpot record id') });
const contactQuery = portalQuery.extend({ contactId: queryDigits('a HubSpot record id') });
const dealQuery = portalQuery.extend({ dealId: queryDigits('a HubSpot record id') });
const assignTrainingBody = z.object({ contactId: recordId, track: z.enum(TRACK_IDS) });
// HubSpot appends the viewing user's id to every card request; the decision's audit entry names them.
const decisionQuery = dealQuery.extend({ userId: z.string().regex(/^\d+$/).optional().catch(undefined) });
const decisionBody = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({ decision: z.literal('reject'), reason: z.string() }),
  z.object({ decision: z.literal('extend') }),
]);

function isRefusedTransition(error: unknown): error is AppError {
  return isAppError(error, 'INVALID_INPUT') && (error.details as Partial<RegistrationTransitionRefusal> | undefined)?.refused === 'registration_transition';
}
const decideTierChangeBody = z.object({
  decision: z.enum(['approve', 'reject']),
  expectedTier: z.enum(['none', ...TIER_IDS]),
  reason: z.string().max(2000).optional(),
});
const decideIncentiveBody = z.object({ requestId: z.string().min(1).max(100), decision: z.enum(['approve', 'reject', 'pay']), reason: z.string().max(2000).optional() });

function sendError(res: Response, status: number, code: string, message: string): void {
  const body: CardErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

function problemsOf(error: z.ZodError): string {
  return joinProblems(error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`));
}

/** The query, or `INVALID_INPUT` naming what is missing or malformed. */
function parseQuery<T>(schema: z.ZodType<T>, req: Request): T {
  const parsed = schema.safeParse(req.query);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `The request's query is not valid: ${problemsOf(parsed.error)}.`);
  return parsed.data;
}

function parseJsonBody<T>(schema: z.ZodType<T>, body: Buffer): T {
  let json: unknown;
  try {
    json = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('INVALID_INPUT', 'The request body is not JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `The request body is not valid: ${problemsOf(parsed.error)}.`);
  return parsed.data;
}

/**
 * Card data for `hubspot.fetch` (see card-data.ts for the shapes). Every request must carry a
 * valid v3 signature (401 otherwise) and name the portal this installation serves (403
 * otherwise); a company or contact the portal does not have is 404. A company that is not a
 * partner answers 200 `{ isPartner: false }`. GETs only read: one `loadPartners` call, no writes.
 */
export function createCardDataRouter(deps: CardDataRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const logger = deps.logger.child({ route: 'cards' });
  const { sources } = deps;

  /** Signature, then portal: the checks every card route makes before doing anything. */
  function admit<T extends { portalId: string }>(req: Request, schema: z.ZodType<T>): { query: T; body: Buffer } {
    const body = rawBodyOf(req);
    verifyCardSignature(req, body, { clientSecret: deps.clientSecret, publicBaseUrl: deps.publicBaseUrl, now: now() });
    const query = parseQuery(schema, req);
    if (query.portalId !== sources.portalId) {
      throw new AppError('FORBIDDEN', `This installation serves HubSpot portal ${sources.portalId}, not ${query.portalId}.`);
    }
    return { query, body };
  }

  function fail(res: Response, error: unknown, route: string): void {
    if (isRefusedTransition(error)) {
      logger.info({ path: route, status: 409, code: 'REFUSED' }, 'card request refused');
      return sendError(res, 409, 'REFUSED', error.message);
    }
    if (tierChangeRefusalOf(error)) {
      logger.info({ path: route, status: 409, code: 'PROPOSAL_CHANGED' }, 'card request refused');
      return sendError(res, 409, 'PROPOSAL_CHANGED', (error as Error).message);
    }
    const status = isAppError(error) ? STATUS_OF[error.code] : undefined;
    if (isAppError(error) && status !== undefined) {
      if (error.code === 'HUBSPOT_RATE_LIMITED') res.setHeader('Retry-After', String(retryAfterSeconds(error)));
      const log = status >= 500 || status === 401 ? logger.warn.bind(logger) : logger.info.bind(logger);
      log({ path: route, status, code: error.code }, 'card request refused');
      return sendError(res, status, error.code, error.message);
    }
    logger.error({ path: route, err: { message: error instanceof Error ? error.message : String(error), stack: (error as Error)?.stack } }, 'card request failed');
    sendError(res, 500, 'INTERNAL_ERROR', 'The partner enablement service failed; try again.');
  }

  function route<T>(path: string, run: (req: Request) => Promise<T>) {
    return async (req: Request, res: Response) => {
      try {
        res.status(200).json(await run(req));
      } catch (error) {
        if (!res.headersSent) fail(res, error, path);
      }
    };
  }

  router.get(
    CARD_DATA_PATHS.partnerEnablement,
    keepRawBody,
    route(CARD_DATA_PATHS.partnerEnablement, async (req): Promise<PartnerEnablementResponse> => {
      const { query } = admit(req, companyQuery);
      return loadPartnerCard(sources, query.companyId, now());
    }),
  );

  router.get(
    CARD_DATA_PATHS.contactEnablement,
    keepRawBody,
    route(CARD_DATA_PATHS.contactEnablement, async (req): Promise<ContactEnablementResponse> => {
      const { query } = admit(req, contactQuery);
      return loadContactCard(sources, query.contactId, now());
    }),
  );

  const { dealRegistrations } = deps;
  if (dealRegistrations) {
    router.get(
      CARD_DATA_PATHS.dealRegistration,
      keepRawBody,
      route(CARD_DATA_PATHS.dealRegistration, async (req): Promise<DealRegistrationResponse> => {
        const { query } = admit(req, dealQuery);
        return loadDealRegistrationCard(dealRegistrations, query.dealId, now());
      }),
    );
  }

  const { registrationDecisions } = deps;
  if (dealRegistrations && registrationDecisions) {
    /** Decides the registration (docs/registrations.md, "States"), then answers the card as HubSpot now holds it. */
    router.post(
      CARD_DATA_PATHS.decideRegistration,
      keepRawBody,
      route(CARD_DATA_PATHS.decideRegistration, async (req): Promise<RegistrationDecisionResponse> => {
        const { query, body } = admit(req, decisionQuery);
        const request = parseJsonBody(decisionBody, body);
        const decision = request.decision === 'reject' ? { type: 'reject' as const, reason: request.reason } : { type: request.decision };
        const actor = query.userId ? { type: 'hubspot-user' as const, id: query.userId } : { type: 'hubspot-user' as const };
        const result = await registrationDecisions.decideRegistration(query.dealId, decision, actor);
        logger.info({ portalId: query.portalId, dealId: query.dealId, decision: decision.type, status: result.status }, 'registration decided from the card');
        const card = await loadDealRegistrationCard(dealRegistrations, query.dealId, now());
        return { status: result.status, notified: result.notified, card };
      }),
    );
  }

  router.post(
    CARD_DATA_PATHS.recalculate,
    keepRawBody,
    route(CARD_DATA_PATHS.recalculate, async (req): Promise<RecalculateResponse> => {
      const { query } = admit(req, companyQuery);
      const at = new Date(now());
      const { changed } = await deps.actions.recalculatePartner(query.companyId);
      // Read back what HubSpot now holds, so the card shows exactly what a reload would.
      const card = await loadPartnerCard(sources, query.companyId, at);
      logger.info({ portalId: query.portalId, companyId: query.companyId, changed }, 'partner recalculated from the card');
      return { changed, card };
    }),
  );

  router.post(
    CARD_DATA_PATHS.assignTraining,
    keepRawBody,
    route(CARD_DATA_PATHS.assignTraining, async (req): Promise<AssignTrainingResponse> => {
      const { query, body } = admit(req, companyQuery);
      const request = parseJsonBody(assignTrainingBody, body);
      const answer = await deps.actions.assignTraining({
        portalId: query.portalId,
        companyId: query.companyId,
        contactId: request.contactId,
        track: request.track,
      });
      logger.info({ portalId: query.portalId, companyId: query.companyId, contactId: request.contactId, outcome: answer.outcome }, 'training offered from the card');
      return answer;
    }),
  );

  router.post(
    CARD_DATA_PATHS.decideTierChange,
    keepRawBody,
    route(CARD_DATA_PATHS.decideTierChange, async (req): Promise<DecideTierChangeResponse> => {
      const { query, body } = admit(req, companyQuery);
      const request = parseJsonBody(decideTierChangeBody, body);
      const at = new Date(now());
      const result = await deps.actions.decideTierChange(query.companyId, request);
      const card = await loadPartnerCard(sources, query.companyId, at);
      logger.info({ portalId: query.portalId, companyId: query.companyId, decision: result.decision }, 'tier change decided from the card');
      const tierName = result.tierAfter === 'none' ? 'None' : sources.program.tiers[result.tierAfter].name;
      return { decision: result.decision, tier: { id: result.tierAfter, name: tierName }, card };
    }),
  );
  const { decideIncentive } = deps.actions;
  if (decideIncentive) {
    router.post(
      CARD_DATA_PATHS.decideIncentive,
      keepRawBody,
      route(CARD_DATA_PATHS.decideIncentive, async (req): Promise<DecideIncentiveResponse> => {
        const { query, body } = admit(req, companyQuery);
        const request = parseJsonBody(decideIncentiveBody, body);
        const answer = await decideIncentive({ companyId: query.companyId, requestId: request.requestId, decision: request.decision, reason: request.reason ?? null });
        logger.info({ portalId: query.portalId, companyId: query.companyId, requestId: request.requestId, decision: request.decision, outcome: answer.outcome }, 'incentive decided from the card');
        return answer;
      }),
    );
  }

  return router;
}
