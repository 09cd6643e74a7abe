import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendError } from './http-errors.js';

/**
 * Lets a request through when it carries the admin token: `Authorization: Bearer <token>` (API
 * clients, curl) or HTTP Basic auth with the token as password (a browser opening the queue
 * dashboard prompts for it). Compared in constant time.
 */
export function requireAdminToken(adminToken: string): RequestHandler {
  const expected = digest(adminToken);
  return (req, res, next) => {
    const presented = presentedToken(req.get('authorization'));
    if (presented !== undefined && crypto.timingSafeEqual(digest(presented), expected)) return next();
    res.set('WWW-Authenticate', 'Basic realm="partner-enablement admin", charset="UTF-8"');
    sendError(
      res,
      401,
      'UNAUTHORIZED',
      presented === undefined
        ? 'This operator route needs the admin token: send "Authorization: Bearer <ADMIN_TOKEN>".'
        : 'The admin token is wrong.',
    );
  };
}

function presentedToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(/\s+/, 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? undefined : decoded.slice(colon + 1);
  }
  return undefined;
}

// Hashing first gives equal lengths for timingSafeEqual whatever was presented.
function digest(token: string): Buffer {
  return crypto.createHash('sha256').update(token, 'utf8').digest();
}
