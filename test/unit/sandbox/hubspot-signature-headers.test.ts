import crypto from 'node:crypto';
import { Signature } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import { verifyV3 } from '../../../src/hubspot/webhook-signature.js';
import { hubspotSignatureHeaders, type SignedRequest } from '../../../src/sandbox/hubspot-signature-headers.js';

// HubSpot's published v3 test vector (HUBSPOT-NOTES.md, "Webhooks HubSpot sends").
const VECTOR: SignedRequest = {
  secret: 'cfc68c0b-4b4e-4ef8-b764-95350e4ea479',
  method: 'POST',
  url: 'https://webhook.site/335453f5-94b3-49d9-b684-a55354d4b8df',
  body: '[{"eventId":531833541,"subscriptionId":3923621,"portalId":48807704,"appId":16111050,"occurredAt":1752613920733,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":138017612137,"changeFlag":"CREATED","changeSource":"CRM_UI","sourceId":"userId:76023669"}]',
  timestamp: 1752613922216,
};

describe('the sandbox signs requests as HubSpot does', () => {
  it('v3 reproduces HubSpot published test vector', () => {
    expect(hubspotSignatureHeaders('v3', VECTOR)).toEqual({
      'x-hubspot-signature-v3': 'gbj1XPRvUt0noT7i7fXfTzOD4sLzQmf0VT28ZYq0EYg=',
      'x-hubspot-request-timestamp': '1752613922216',
    });
  });

  it('v3 signs the URL with the escapes HubSpot decodes already decoded', () => {
    const encoded = { ...VECTOR, url: 'https://example.test/hooks%3Fa%3Db%2Cc?x=%40y' };
    const decoded = { ...VECTOR, url: 'https://example.test/hooks?a%3Db,c?x=@y' };
    expect(hubspotSignatureHeaders('v3', encoded)['x-hubspot-signature-v3']).toBe(hubspotSignatureHeaders('v3', decoded)['x-hubspot-signature-v3']);
    // %3D is not one of HubSpot's decoded escapes: it stays as sent.
    const expected = crypto
      .createHmac('sha256', VECTOR.secret)
      .update(`POST${decoded.url}${VECTOR.body}${VECTOR.timestamp}`)
      .digest('base64');
    expect(hubspotSignatureHeaders('v3', encoded)['x-hubspot-signature-v3']).toBe(expected);
  });

  it('v1 and v2 agree with HubSpot SDK Signature.isValid', () => {
    const v1 = hubspotSignatureHeaders('v1', VECTOR);
    const v2 = hubspotSignatureHeaders('v2', VECTOR);
    expect(v1['x-hubspot-signature-version']).toBe('v1');
    expect(v2['x-hubspot-signature-version']).toBe('v2');
    const common = { clientSecret: VECTOR.secret, requestBody: VECTOR.body, method: VECTOR.method, url: VECTOR.url };
    expect(Signature.isValid({ ...common, signature: v1['x-hubspot-signature']!, signatureVersion: 'v1' })).toBe(true);
    expect(Signature.isValid({ ...common, signature: v2['x-hubspot-signature']!, signatureVersion: 'v2' })).toBe(true);
    expect(v1['x-hubspot-signature']).not.toBe(v2['x-hubspot-signature']);
  });

  it('a v3 signature from the sandbox passes the product verifier, and fails it for another body', () => {
    const url = 'https://partner.example/hubspot/webhooks';
    const headers = hubspotSignatureHeaders('v3', { ...VECTOR, url });
    const verify = (rawBody: string) =>
      verifyV3({
        secret: VECTOR.secret,
        method: 'POST',
        url,
        rawBody,
        signature: headers['x-hubspot-signature-v3'],
        timestamp: headers['x-hubspot-request-timestamp'],
        now: VECTOR.timestamp + 1_000,
      });
    expect(() => verify(VECTOR.body)).not.toThrow();
    expect(() => verify(VECTOR.body.replace('CRM_UI', 'API'))).toThrow();
  });
});
