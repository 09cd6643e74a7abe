import { Signature } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { signV2, signV3, verifyV2, verifyV3, type VerifyV3Input } from '../../../src/hubspot/webhook-signature.js';

// HubSpot's published v3 test vector (HUBSPOT-NOTES.md).
const VECTOR = {
  secret: 'cfc68c0b-4b4e-4ef8-b764-95350e4ea479',
  method: 'POST',
  url: 'https://webhook.site/335453f5-94b3-49d9-b684-a55354d4b8df',
  body: '[{"eventId":531833541,"subscriptionId":3923621,"portalId":48807704,"appId":16111050,"occurredAt":1752613920733,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":138017612137,"changeFlag":"CREATED","changeSource":"CRM_UI","sourceId":"userId:76023669"}]',
  timestamp: 1752613922216,
  signature: 'gbj1XPRvUt0noT7i7fXfTzOD4sLzQmf0VT28ZYq0EYg=',
};

function aVerification(overrides: Partial<VerifyV3Input> = {}): VerifyV3Input {
  return {
    secret: VECTOR.secret,
    method: VECTOR.method,
    url: VECTOR.url,
    rawBody: VECTOR.body,
    signature: VECTOR.signature,
    timestamp: String(VECTOR.timestamp),
    now: VECTOR.timestamp + 1_000,
    ...overrides,
  };
}

function rejection(run: () => void): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the verification to throw');
}

describe('signV3', () => {
  it("reproduces HubSpot's published test vector", () => {
    expect(signV3({ secret: VECTOR.secret, method: VECTOR.method, url: VECTOR.url, body: VECTOR.body, timestamp: VECTOR.timestamp })).toBe(VECTOR.signature);
  });

  it("agrees with the SDK's Signature.isValid for v3", () => {
    const timestamp = Date.now();
    const signature = signV3({ secret: VECTOR.secret, method: 'POST', url: VECTOR.url, body: VECTOR.body, timestamp });
    const valid = Signature.isValid({
      signatureVersion: 'v3',
      signature,
      clientSecret: VECTOR.secret,
      requestBody: VECTOR.body,
      url: VECTOR.url,
      method: 'POST',
      timestamp,
    });
    expect(valid).toBe(true);
  });
});

describe('verifyV3', () => {
  it('accepts the test vector within the tolerance', () => {
    expect(() => verifyV3(aVerification())).not.toThrow();
  });

  it('accepts a Buffer body', () => {
    expect(() => verifyV3(aVerification({ rawBody: Buffer.from(VECTOR.body) }))).not.toThrow();
  });

  it('rejects a missing signature header, naming the header', () => {
    const failure = rejection(() => verifyV3(aVerification({ signature: undefined })));
    expect(failure.code).toBe('INVALID_SIGNATURE');
    expect(failure.message).toContain('X-HubSpot-Signature-v3');
  });

  it('rejects a missing timestamp header', () => {
    expect(rejection(() => verifyV3(aVerification({ timestamp: undefined }))).code).toBe('INVALID_SIGNATURE');
  });

  it('rejects a wrong signature', () => {
    const wrong = signV3({ secret: VECTOR.secret, method: 'POST', url: VECTOR.url, body: '[]', timestamp: VECTOR.timestamp });
    expect(rejection(() => verifyV3(aVerification({ signature: wrong }))).code).toBe('INVALID_SIGNATURE');
  });

  it('rejects a signature of another length without throwing a RangeError', () => {
    expect(rejection(() => verifyV3(aVerification({ signature: 'short' }))).code).toBe('INVALID_SIGNATURE');
  });

  it('rejects a timestamp older than five minutes', () => {
    const failure = rejection(() => verifyV3(aVerification({ now: VECTOR.timestamp + 5 * 60_000 + 1 })));
    expect(failure.code).toBe('INVALID_SIGNATURE');
    expect(failure.message).toMatch(/old/);
  });

  it('rejects a timestamp more than five minutes in the future', () => {
    const failure = rejection(() => verifyV3(aVerification({ now: VECTOR.timestamp - 5 * 60_000 - 1 })));
    expect(failure.code).toBe('INVALID_SIGNATURE');
    expect(failure.message).toMatch(/future/);
  });

  it('honours a custom tolerance', () => {
    expect(rejection(() => verifyV3(aVerification({ now: VECTOR.timestamp + 2_000, toleranceMs: 1_000 }))).code).toBe('INVALID_SIGNATURE');
  });

  it('rejects a tampered body', () => {
    const tampered = VECTOR.body.replace('CRM_UI', 'INTEGRATION');
    expect(rejection(() => verifyV3(aVerification({ rawBody: tampered }))).code).toBe('INVALID_SIGNATURE');
  });

  it('rejects another secret', () => {
    expect(rejection(() => verifyV3(aVerification({ secret: 'another-secret' }))).code).toBe('INVALID_SIGNATURE');
  });

  it('rejects a parsed body and says to pass the raw one', () => {
    const failure = rejection(() => verifyV3(aVerification({ rawBody: JSON.parse(VECTOR.body) as unknown as string })));
    expect(failure.code).toBe('INVALID_SIGNATURE');
    expect(failure.message).toMatch(/raw request body/);
  });

  it('accepts a URL received with escapes HubSpot decodes before signing', () => {
    const decoded = 'https://app.example/hubspot/webhooks?next=https://x.example/a:b@c';
    const received = 'https://app.example/hubspot/webhooks?next=https%3A%2F%2Fx.example%2Fa%3Ab%40c';
    const signature = signV3({ secret: VECTOR.secret, method: 'POST', url: decoded, body: VECTOR.body, timestamp: VECTOR.timestamp });
    expect(() => verifyV3(aVerification({ url: received, signature }))).not.toThrow();
  });

  it('also accepts a signature made over the undecoded URL', () => {
    const received = 'https://app.example/hubspot/webhooks?q=a%2Cb';
    const signature = signV3({ secret: VECTOR.secret, method: 'POST', url: received, body: VECTOR.body, timestamp: VECTOR.timestamp });
    expect(() => verifyV3(aVerification({ url: received, signature }))).not.toThrow();
  });

  it('rejects the right signature for another URL', () => {
    expect(rejection(() => verifyV3(aVerification({ url: `${VECTOR.url}/other` }))).code).toBe('INVALID_SIGNATURE');
  });
});

describe('v2 (workflow actions)', () => {
  const request = { secret: VECTOR.secret, method: 'POST', url: 'https://app.example/hubspot/actions/assign-training', body: '{"callbackId":"ap-1"}' };

  it("matches the SDK's v2 signature", () => {
    const signature = signV2(request);
    expect(
      Signature.isValid({ signatureVersion: 'v2', signature, clientSecret: request.secret, requestBody: request.body, url: request.url, method: 'POST' }),
    ).toBe(true);
  });

  it('accepts its own signature', () => {
    expect(() => verifyV2({ ...request, rawBody: request.body, signature: signV2(request) })).not.toThrow();
  });

  it('rejects a tampered body', () => {
    expect(rejection(() => verifyV2({ ...request, rawBody: '{"callbackId":"ap-2"}', signature: signV2(request) })).code).toBe('INVALID_SIGNATURE');
  });

  it('rejects a missing header', () => {
    expect(rejection(() => verifyV2({ ...request, rawBody: request.body, signature: undefined })).code).toBe('INVALID_SIGNATURE');
  });
});

describe('verifying with the secrets of a rotation', () => {
  const previous = VECTOR.secret;
  const current = 'the-secret-after-rotation';

  it('accepts a v3 signature made with the previous secret, listed after the current one', () => {
    expect(() => verifyV3(aVerification({ secret: [current, previous] }))).not.toThrow();
  });

  it('accepts a v2 signature made with either secret', () => {
    const request = { method: 'POST', url: VECTOR.url, body: VECTOR.body };
    for (const secret of [current, previous]) {
      const signature = signV2({ secret, ...request });
      expect(() => verifyV2({ secret: [current, previous], method: 'POST', url: VECTOR.url, rawBody: VECTOR.body, signature })).not.toThrow();
    }
  });

  it('refuses a signature made with neither', () => {
    expect(rejection(() => verifyV3(aVerification({ secret: [current, 'yet-another-secret'] }))).code).toBe('INVALID_SIGNATURE');
  });

  it('never accepts a signature made with an empty secret, whatever the list holds', () => {
    const signature = signV2({ secret: '', method: 'POST', url: VECTOR.url, body: VECTOR.body });

    expect(rejection(() => verifyV2({ secret: [current, ''], method: 'POST', url: VECTOR.url, rawBody: VECTOR.body, signature })).code).toBe('INVALID_SIGNATURE');
  });
});
