import express, { type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AuditActor } from '../../audit/audit-trail.js';
import { AppError } from '../../errors.js';
import { SIGNATURE_HEADERS, verifyV2, verifyV3, type SigningSecrets } from '../../hubspot/webhook-signature.js';
import { joinProblems } from '../join-problems.js';
import { queryDigits } from './query-digits.js';

/** Largest body a HubSpot action or card request may carry (hubspot.fetch allows 1 MB). */
export const SIGNED_BODY_LIMIT = '1mb';

/**
 * Keeps the body as the exact bytes HubSpot signed. Mount it on the route itself: a global
 * `express.json()` placed before the router would have consumed the stream already (then the
 * raw body must be kept as `req.rawBody`, see {@link rawBodyOf}).
 */
export const keepRawBody: RequestHandler = express.raw({ type: () => true, limit: SIGNED_BODY_LIMIT });

/** The body exactly as received: `express.raw()`'s Buffer, or a `rawBody` kept by an earlier parser. */
export function rawBodyOf(req: Request): Buffer {
  if (Buffer.isBuffer(req.body)) return req.body;
  const kept = (req as Request & { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(kept)) return kept;
  if (typeof kept === 'string') return Buffer.from(kept, 'utf8');
  // No body at all (a GET without content): HubSpot signed the empty string.
  if (req.body === undefined) return Buffer.alloc(0);
  throw new AppError(
    'INVALID_CONFIG',
    'The request body was parsed before the signature check: mount this router before any body parser, or keep the raw body as req.rawBody.',
  );
}

/** The URL HubSpot called and signed: the public origin (PUBLIC_BASE_URL) plus path and query. */
export function signedUrl(publicBaseUrl: string, req: Request): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${req.originalUrl}`;
}

function present(value: string | string[] | undefined): boolean {
  return value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** Anyone can sign with an empty secret: without the app's secret nothing is verified, so nothing is accepted. */
function requireSecret(check: SignatureCheck): void {
  const secrets = typeof check.clientSecret === 'string' ? [check.clientSecret] : check.clientSecret;
  if (!secrets.some((secret) => secret !== '')) {
    throw new AppError('INVALID_SIGNATURE', 'This server has no HubSpot client secret configured (HUBSPOT_CLIENT_SECRET), so it cannot verify HubSpot\'s signature.');
  }
}

export interface SignatureCheck {
  /** The app's client secret (and, during a rotation, the previous one); empty refuses every request. */
  clientSecret: SigningSecrets;
  publicBaseUrl: string;
  /** Epoch ms, for the v3 timestamp tolerance. */
  now: number;
}

/**
 * Workflow action requests. When HubSpot sends `X-HubSpot-Signature-v3` (or its timestamp), the v3
 * signature must hold and be under 5 minutes old, and a v2 signature sent beside it must hold too;
 * the v2 signature alone is accepted only when no v3 header is present (v2 has no timestamp:
 * the route refuses replays by callback id). Throws `INVALID_SIGNATURE`.
 */
export function verifyWorkflowActionSignature(req: Request, body: Buffer, check: SignatureCheck): void {
  requireSecret(check);
  const url = signedUrl(check.publicBaseUrl, req);
  const hasV3 = present(req.headers[SIGNATURE_HEADERS.v3]) || present(req.headers[SIGNATURE_HEADERS.timestamp]);
  if (hasV3) {
    verifyV3({
      secret: check.clientSecret,
      method: req.method,
      url,
      rawBody: body,
      signature: req.headers[SIGNATURE_HEADERS.v3],
      timestamp: req.headers[SIGNATURE_HEADERS.timestamp],
      now: check.now,
    });
  }
  if (!hasV3 || present(req.headers[SIGNATURE_HEADERS.v2])) {
    verifyV2({ secret: check.clientSecret, method: req.method, url, rawBody: body, signature: req.headers[SIGNATURE_HEADERS.v2] });
  }
}

/** `hubspot.fetch` requests from cards: signed v3 with the client secret. Throws `INVALID_SIGNATURE`. */
export function verifyCardSignature(req: Request, body: Buffer, check: SignatureCheck): void {
  requireSecret(check);
  verifyV3({
    secret: check.clientSecret,
    method: req.method,
    url: signedUrl(check.publicBaseUrl, req),
    rawBody: body,
    signature: req.headers[SIGNATURE_HEADERS.v3],
    timestamp: req.headers[SIGNATURE_HEADERS.timestamp],
    now: check.now,
  });
}

const portalQuery = z.object({ portalId: queryDigits('a HubSpot portal id') });

/** One line naming the problems a zod schema found, field by field (the first twenty, and a count). */
export function describeZodProblems(error: z.ZodError): string {
  return joinProblems(error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`));
}

/** Who made a signed API request, for the audit trail: the HubSpot user when the body names one. */
export function apiActor(userId: string | undefined): AuditActor {
  return userId ? { type: 'hubspot-user', id: userId } : { type: 'operator', id: 'api' };
}

/**
 * The steps every signed JSON API route of the app takes, in order: the v3 signature over the
 * exact bytes (401), `?portalId=` present (400) and this installation's portal (403), a JSON body
 * (400) that `schema` accepts (400). Returns the parsed body.
 */
export function readSignedPortalJson<S extends z.ZodType>(
  req: Request,
  check: SignatureCheck & { portalId: string },
  schema: S,
): z.infer<S> {
  const body = rawBodyOf(req);
  verifyCardSignature(req, body, check);
  const query = portalQuery.safeParse(req.query);
  if (!query.success) throw new AppError('INVALID_INPUT', `The request's query is not valid: ${describeZodProblems(query.error)}.`);
  if (query.data.portalId !== check.portalId) {
    throw new AppError('FORBIDDEN', `This installation serves HubSpot portal ${check.portalId}, not ${query.data.portalId}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw new AppError('INVALID_INPUT', 'The request body is not JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `The request body is not valid: ${describeZodProblems(parsed.error)}.`);
  return parsed.data;
}
