// The one module of the app page that calls hubspot.fetch.
import { hubspot } from '@hubspot/ui-extensions';
import { PROGRAM_DASHBOARD_ROUTE, type PageErrorBody, type ProgramDashboardResponse } from './program-dashboard-data.js';

/** HubSpot cancels a request from an extension after this long. */
const REQUEST_TIMEOUT_MS = 15_000;

/** The profile variable that holds the backend origin (see `extensions/hsprofile.<env>.json`). */
export const BACKEND_ORIGIN_VARIABLE = 'PUBLIC_BASE_URL';

export interface Backend {
  origin: string;
  portalId: number;
}

/** A request that did not end in a 2xx answer, with the backend's error code when it sent one. */
export class PageRequestError extends Error {
  readonly code: string;
  readonly status: number | null;

  constructor(code: string, message: string, status: number | null) {
    super(message);
    this.name = 'PageRequestError';
    this.code = code;
    this.status = status;
  }
}

/** The backend origin from the upload profile's variables; null when missing or not http(s). */
export function backendOrigin(variables: Record<string, unknown> | undefined): string | null {
  const value = variables?.[BACKEND_ORIGIN_VARIABLE];
  if (typeof value !== 'string' || !/^https?:\/\/[^/]+/.test(value)) return null;
  return value.replace(/\/+$/, '');
}

function isErrorBody(body: unknown): body is PageErrorBody {
  const error = (body as PageErrorBody | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

/** The dashboard of the last closed quarter, for this portal (the route is signed by HubSpot). */
export async function fetchProgramDashboard(backend: Backend): Promise<ProgramDashboardResponse> {
  const params = new URLSearchParams({ portalId: String(backend.portalId) });
  let response: Response;
  try {
    response = await hubspot.fetch(`${backend.origin}${PROGRAM_DASHBOARD_ROUTE}?${params.toString()}`, { method: 'GET', timeout: REQUEST_TIMEOUT_MS });
  } catch {
    throw new PageRequestError('UNREACHABLE', 'The partner enablement service could not be reached.', null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isErrorBody(body)) throw new PageRequestError(body.error.code, body.error.message, response.status);
    throw new PageRequestError(`HTTP_${response.status}`, `The partner enablement service answered ${response.status}.`, response.status);
  }
  return body as ProgramDashboardResponse;
}
