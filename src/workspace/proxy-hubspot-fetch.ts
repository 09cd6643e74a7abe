import { signHubSpotV3 } from './sign-hubspot-v3.js';

/** HubSpot's `hubspot.fetch` limits: 15 s per request, 1 MB each way. */
export const HUBSPOT_FETCH_LIMITS = { timeoutMs: 15_000, maxBytes: 1024 * 1024 } as const;

/** Who is looking at the card: HubSpot appends these to every `hubspot.fetch` URL. */
export interface HubSpotFetchIdentity {
  userId: number;
  userEmail: string;
  appId: string;
  portalId: number;
}

export interface HubSpotFetchProxyOptions {
  clientSecret: string;
  /** The app's `permittedUrls.fetch` origins; any other origin is refused. */
  permittedOrigins: readonly string[];
  identity: HubSpotFetchIdentity;
  now?: () => number;
}

/** What the card asked `hubspot.fetch` for. */
export interface HubSpotFetchRequest {
  url: string;
  method?: string;
  body?: unknown;
  timeout?: number;
}

export type HubSpotFetchResult =
  | { ok: true; status: number; contentType: string; body: Buffer; sentUrl: string }
  | { ok: false; reason: string };

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Plays HubSpot's proxy for one `hubspot.fetch`: checks the origin and method, appends HubSpot's
 * query parameters, serializes the body as JSON, signs it (v3, the client secret), and keeps the
 * 15-second and 1 MB limits. A refused or failed request is `{ ok: false }` (the card's fetch rejects).
 */
export async function proxyHubSpotFetch(request: HubSpotFetchRequest, options: HubSpotFetchProxyOptions): Promise<HubSpotFetchResult> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, reason: `not a URL: ${String(request.url).slice(0, 200)}` };
  }
  if (!options.permittedOrigins.includes(url.origin)) return { ok: false, reason: `${url.origin} is not in the app's permittedUrls.fetch` };
  const method = (request.method ?? 'GET').toUpperCase();
  if (!METHODS.has(method)) return { ok: false, reason: `method ${method} is not allowed` };
  const { identity } = options;
  url.searchParams.append('userId', String(identity.userId));
  url.searchParams.append('userEmail', identity.userEmail);
  url.searchParams.append('appId', identity.appId);
  url.searchParams.append('portalId', String(identity.portalId));
  const body = request.body === undefined || method === 'GET' ? '' : JSON.stringify(request.body);
  if (Buffer.byteLength(body) > HUBSPOT_FETCH_LIMITS.maxBytes) return { ok: false, reason: 'the request body is over 1 MB' };
  const timeoutMs = Math.min(HUBSPOT_FETCH_LIMITS.timeoutMs, Math.max(1, Number(request.timeout) || HUBSPOT_FETCH_LIMITS.timeoutMs));
  const sentUrl = url.toString();
  const timestamp = (options.now ?? Date.now)();
  try {
    const response = await fetch(sentUrl, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        'x-hubspot-signature-v3': signHubSpotV3({ clientSecret: options.clientSecret, method, url: sentUrl, body, timestamp }),
        'x-hubspot-request-timestamp': String(timestamp),
      },
      ...(body ? { body } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = Buffer.from(await response.arrayBuffer());
    if (answer.length > HUBSPOT_FETCH_LIMITS.maxBytes) return { ok: false, reason: 'the response is over 1 MB' };
    return { ok: true, status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body: answer, sentUrl };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, reason: timedOut ? `no answer within ${timeoutMs} ms` : 'the backend could not be reached' };
  }
}
