// The one module that calls hubspot.fetch: every request to the backend goes through `request`.
import { hubspot } from '@hubspot/ui-extensions';
import {
  CARD_ROUTES,
  type AssignTrainingRequest,
  type AssignTrainingResponse,
  type CardErrorBody,
  type DecideIncentiveRequest,
  type DecideIncentiveResponse,
  type ContactEnablementResponse,
  type DealRegistrationResponse,
  type DecideTierChangeRequest,
  type DecideTierChangeResponse,
  type PartnerEnablementResponse,
  type RecalculateResponse,
  type RegistrationDecisionRequest,
  type RegistrationDecisionResponse,
} from './card-data.js';

/** HubSpot cancels a card request after this long; the backend answers well within it. */
const REQUEST_TIMEOUT_MS = 15_000;

/** Where the card talks to: the backend origin and the portal the card is shown in. */
export interface Backend {
  origin: string;
  portalId: number;
}

/** A request that did not end in a 2xx answer, with the backend's error code when it sent one. */
export class CardRequestError extends Error {
  readonly code: string;
  readonly status: number | null;

  constructor(code: string, message: string, status: number | null) {
    super(message);
    this.name = 'CardRequestError';
    this.code = code;
    this.status = status;
  }
}

function isErrorBody(body: unknown): body is CardErrorBody {
  const error = (body as CardErrorBody | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

async function request<T>(
  backend: Backend,
  route: string,
  query: Record<string, string>,
  init: { method: 'GET' | 'POST'; body?: Record<string, unknown> },
): Promise<T> {
  // Ids travel in the query string: HubSpot signs the full URL, and the backend answers only for this portal.
  const params = new URLSearchParams({ portalId: String(backend.portalId), ...query });
  const url = `${backend.origin}${route}?${params.toString()}`;
  let response: Response;
  try {
    response = await hubspot.fetch(url, { method: init.method, body: init.body, timeout: REQUEST_TIMEOUT_MS });
  } catch {
    throw new CardRequestError('UNREACHABLE', 'The partner enablement service could not be reached.', null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isErrorBody(body)) throw new CardRequestError(body.error.code, body.error.message, response.status);
    throw new CardRequestError(`HTTP_${response.status}`, `The partner enablement service answered ${response.status}.`, response.status);
  }
  return body as T;
}

export function fetchPartnerEnablement(backend: Backend, companyId: string): Promise<PartnerEnablementResponse> {
  return request(backend, CARD_ROUTES.partnerEnablement, { companyId }, { method: 'GET' });
}

export function fetchContactEnablement(backend: Backend, contactId: string): Promise<ContactEnablementResponse> {
  return request(backend, CARD_ROUTES.contactEnablement, { contactId }, { method: 'GET' });
}

export function recalculatePartner(backend: Backend, companyId: string): Promise<RecalculateResponse> {
  return request(backend, CARD_ROUTES.recalculate, { companyId }, { method: 'POST', body: {} });
}

export function assignTraining(
  backend: Backend,
  companyId: string,
  assignment: AssignTrainingRequest,
): Promise<AssignTrainingResponse> {
  return request(backend, CARD_ROUTES.assignTraining, { companyId }, {
    method: 'POST',
    body: { contactId: assignment.contactId, track: assignment.track },
  });
}

export function fetchDealRegistration(backend: Backend, dealId: string): Promise<DealRegistrationResponse> {
  return request(backend, CARD_ROUTES.dealRegistration, { dealId }, { method: 'GET' });
}

export function decideRegistration(backend: Backend, dealId: string, decision: RegistrationDecisionRequest): Promise<RegistrationDecisionResponse> {
  return request(backend, CARD_ROUTES.decideRegistration, { dealId }, { method: 'POST', body: { ...decision } });
}

export function decideTierChange(backend: Backend, companyId: string, decision: DecideTierChangeRequest): Promise<DecideTierChangeResponse> {
  const body: Record<string, unknown> = { decision: decision.decision, expectedTier: decision.expectedTier };
  if (decision.reason) body.reason = decision.reason;
  return request(backend, CARD_ROUTES.decideTierChange, { companyId }, { method: 'POST', body });
}

export function decideIncentive(backend: Backend, companyId: string, decision: DecideIncentiveRequest): Promise<DecideIncentiveResponse> {
  return request(backend, CARD_ROUTES.decideIncentive, { companyId }, {
    method: 'POST',
    body: { requestId: decision.requestId, decision: decision.decision, ...(decision.reason ? { reason: decision.reason } : {}) },
  });
}
