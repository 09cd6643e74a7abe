import express, { type RequestHandler } from 'express';
import { AppError } from '../errors.js';
import { SIGNATURE_HEADERS, verifyV2, verifyV3, type SigningSecrets } from '../hubspot/webhook-signature.js';

export interface HubSpotSignatureOptions {
  /** The app's client secret (and the previous one during a rotation); undefined or empty rejects every request. */
  secret: SigningSecrets | undefined;
  /** `PUBLIC_BASE_URL`: the origin (and any path prefix) HubSpot calls; the path and query are appended. */
  publicBaseUrl: string;
  /**
   * `v3` (webhooks, cards): only `X-HubSpot-Signature-v3`. `v3-or-v2` (workflow actions): v3 when
   * its headers are present, else the v2 `X-HubSpot-Signature`. Default `v3`.
   */
  accept?: 'v3' | 'v3-or-v2';
  /** Largest body read, default `1mb` (HubSpot sends at most 100 events per request). */
  limit?: string;
  /** Epoch ms now; tests freeze it. */
  now?: () => number;
}

/** A request whose signature checked out: `rawBody` is exactly what HubSpot signed. */
declare module 'express-serve-static-core' {
  interface Request {
    rawBody?: Buffer;
    /** `rawBody` decoded as UTF-8, once: the signature check and the JSON parse both need it. */
    rawBodyText?: string;
  }
}

/**
 * Reads the raw body and checks HubSpot's signature on it, before anything parses it: the HMAC
 * covers the exact bytes, which re-serialized JSON would not reproduce. On success the raw body
 * is in `req.rawBody` and `req.body` is left for the route to parse; on failure the request ends
 * here with 401 (`INVALID_SIGNATURE`), so nothing downstream runs.
 */
export function requireHubSpotSignature(options: HubSpotSignatureOptions): RequestHandler[] {
  const readRaw = express.raw({ type: () => true, limit: options.limit ?? '1mb' });
  const verify: RequestHandler = (req, _res, next) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    req.rawBody = rawBody;
    const rawBodyText = rawBody.toString('utf8');
    req.rawBodyText = rawBodyText;
    const secrets = typeof options.secret === 'string' ? [options.secret] : (options.secret ?? []);
    if (!secrets.some((secret) => secret !== '')) {
      throw new AppError(
        'INVALID_SIGNATURE',
        'This server cannot verify HubSpot signatures: HUBSPOT_CLIENT_SECRET is not set, so every signed request is refused.',
      );
    }
    const url = `${options.publicBaseUrl}${req.originalUrl}`;
    const useV2 = options.accept === 'v3-or-v2' && req.get(SIGNATURE_HEADERS.v3) === undefined;
    if (useV2) {
      verifyV2({ secret: secrets, method: req.method, url, rawBody: rawBodyText, signature: req.get(SIGNATURE_HEADERS.v2) });
    } else {
      verifyV3({
        secret: secrets,
        method: req.method,
        url,
        rawBody: rawBodyText,
        signature: req.get(SIGNATURE_HEADERS.v3),
        timestamp: req.get(SIGNATURE_HEADERS.timestamp),
        now: options.now?.(),
      });
    }
    next();
  };
  return [readRaw, verify];
}

/** Parses the verified raw body as JSON into `req.body`; a body that is not JSON answers 400. */
export const parseSignedJson: RequestHandler = (req, _res, next) => {
  const text = req.rawBodyText ?? req.rawBody?.toString('utf8') ?? '';
  try {
    req.body = text === '' ? undefined : JSON.parse(text);
  } catch (error) {
    throw new AppError('INVALID_INPUT', `The request body is not JSON: ${(error as Error).message}`);
  }
  next();
};
