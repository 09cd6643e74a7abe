import { hubspotSignatureHeaders } from '../../src/sandbox/hubspot-signature-headers.js';

interface Request {
  secret: string;
  method: string;
  url: string;
  body: string;
}

/**
 * Signatures made as HubSpot makes them, by the sandbox's own signer: a test of the product's
 * verification must not sign with the product's signer, which would always agree with itself.
 */
export const signAsHubSpot = {
  /** `X-HubSpot-Signature` for a v2 request (workflow actions, older cards). */
  v2(request: Request): string {
    return hubspotSignatureHeaders('v2', { ...request, timestamp: 0 })['x-hubspot-signature']!;
  },
  /** `X-HubSpot-Signature-v3` for a request sent at `timestamp` (epoch ms). */
  v3(request: Request & { timestamp: number | string }): string {
    return hubspotSignatureHeaders('v3', { ...request, timestamp: Number(request.timestamp) })['x-hubspot-signature-v3']!;
  },
};
