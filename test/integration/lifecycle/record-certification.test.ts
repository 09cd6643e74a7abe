import express from 'express';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { errorHandler } from '../../../src/http/http-errors.js';
import { startWeb } from '../../../src/http/start-web.js';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { createPartner, silentLogger, startLifecycleRig, type LifecycleRig } from './lifecycle-harness.js';

const redisUrl = inject('redisUrl');
let rig: LifecycleRig;

afterEach(async () => {
  await rig?.stop();
});

async function setUp() {
  rig = await startLifecycleRig(redisUrl, '2026-05-04T10:00:00Z');
  const partner = createPartner(rig.sandbox, {
    timeZone: 'America/New_York',
    contacts: [{ firstName: 'Ada', lastName: 'Lovelace', certifications: { sales_fundamentals: '2026-01-15' } }],
  });
  await rig.evaluate([partner.companyId]);
  return { partner, contactId: partner.contactIds[0]! };
}

async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('recording a certification', () => {
  it('writes the earned date and its expiry on the contact, and the partner is recalculated', async () => {
    const { partner, contactId } = await setUp();

    const result = await rig.lifecycle.recordCertification({
      portalId: rig.portalId,
      contactId,
      certificationId: 'technical_associate',
      earnedOn: '2026-05-01',
      actor: { type: 'workflow', id: '77' },
    });
    await rig.settle();

    expect(result).toMatchObject({ expiresOn: '2028-05-01', status: 'active', validCertifications: 2, changed: true, recalculating: [partner.companyId] });
    expect(rig.sandbox.store.getContact(contactId)?.properties).toMatchObject({
      pe_cert_technical_associate_earned_on: '2026-05-01',
      pe_cert_technical_associate_expires_on: '2028-05-01',
    });
    expect(rig.sandbox.store.getCompany(partner.companyId)?.properties).toMatchObject({ pe_valid_certifications: '2', pe_tier: 'gold' });
  });

  it('lands in the audit trail with the value before and after', async () => {
    const { contactId } = await setUp();

    await rig.lifecycle.recordCertification({ portalId: rig.portalId, contactId, certificationId: 'sales_fundamentals', earnedOn: '2026-05-02', actor: { type: 'workflow', id: '77' } });

    const [entry] = (await rig.audit.forContact(rig.portalId, contactId)).filter((e) => e.action === 'certification.recorded');
    expect(entry).toMatchObject({
      actor: { type: 'workflow', id: '77' },
      before: { earnedOn: '2026-01-15' },
      after: { certificationId: 'sales_fundamentals', earnedOn: '2026-05-02', expiresOn: '2027-05-02' },
    });
  });

  it('plans the renewal reminders of the new certification once the partner is recalculated', async () => {
    const { partner, contactId } = await setUp();

    await rig.lifecycle.recordCertification({ portalId: rig.portalId, contactId, certificationId: 'sales_fundamentals', earnedOn: '2026-05-02', actor: { type: 'operator' } });
    await rig.settle();

    // 60 days before 2027-05-02 is 2027-03-03, 09:00 in New York (EST) = 14:00 UTC.
    expect(await rig.lifecycle.deps.schedule.nextAt(rig.portalId, partner.companyId, 'reminder')).toBe(Date.parse('2027-03-03T14:00:00Z'));
  });

  it('refuses a certification the program does not have, and writes nothing', async () => {
    const { contactId } = await setUp();

    const code = await codeOf(() =>
      rig.lifecycle.recordCertification({ portalId: rig.portalId, contactId, certificationId: 'astronaut', earnedOn: '2026-05-01', actor: { type: 'operator' } }),
    );

    expect(code).toBe('INVALID_INPUT');
    expect(rig.sandbox.store.getContact(contactId)?.properties.pe_cert_astronaut_earned_on).toBeUndefined();
  });

  it('refuses a date after today in the partner\'s zone', async () => {
    const { contactId } = await setUp();
    // 2026-05-04T10:00Z is still 2026-05-04 in New York; the 5th is tomorrow there.

    const code = await codeOf(() =>
      rig.lifecycle.recordCertification({ portalId: rig.portalId, contactId, certificationId: 'master_partner', earnedOn: '2026-05-05', actor: { type: 'operator' } }),
    );

    expect(code).toBe('INVALID_INPUT');
  });

  it('takes a signed API call carrying the parameters HubSpot appends, and refuses an unsigned one', async () => {
    const { contactId } = await setUp();
    const secret = 'api-test-secret';
    const app = express();
    const web = await startWeb({ app, port: 0, host: '127.0.0.1', logger: silentLogger });
    try {
      const publicBaseUrl = web.url;
      app.use(rig.lifecycle.router({ clientSecret: secret, publicBaseUrl, portalId: rig.portalId }));
      app.use(errorHandler(silentLogger));
      // As HubSpot's fetch proxy sends it: its own portalId, userId, userEmail and appId appended.
      const url = `${publicBaseUrl}/api/certifications?portalId=${rig.portalId}&userId=12&userEmail=ann%40example.com&appId=16111050&portalId=${rig.portalId}`;
      const body = JSON.stringify({ contactId, certificationId: 'solution_architect', earnedOn: '2026-04-30', userId: 12 });
      const timestamp = String(rig.clock.now);
      const signature = signAsHubSpot.v3({ secret, method: 'POST', url, body, timestamp });

      const unsigned = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      const signed = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp },
      });

      expect(unsigned.status).toBe(401);
      expect(signed.status).toBe(200);
      expect(await signed.json()).toMatchObject({ certificationId: 'solution_architect', expiresOn: '2028-04-30' });
    } finally {
      await web.close();
    }
  });

  it('refuses every API call when no client secret is configured, even one signed with an empty key', async () => {
    const { contactId } = await setUp();
    const app = express();
    const web = await startWeb({ app, port: 0, host: '127.0.0.1', logger: silentLogger });
    try {
      app.use(rig.lifecycle.router({ clientSecret: '', publicBaseUrl: web.url, portalId: rig.portalId }));
      app.use(errorHandler(silentLogger));
      const url = `${web.url}/api/certifications?portalId=${rig.portalId}`;
      const body = JSON.stringify({ contactId, certificationId: 'solution_architect', earnedOn: '2026-04-30' });
      const timestamp = String(rig.clock.now);

      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'x-hubspot-signature-v3': signAsHubSpot.v3({ secret: '', method: 'POST', url, body, timestamp }), 'x-hubspot-request-timestamp': timestamp },
      });

      expect(response.status).toBe(401);
      expect(rig.sandbox.store.getContact(contactId)?.properties.pe_cert_solution_architect_earned_on ?? '').toBe('');
    } finally {
      await web.close();
    }
  });
});
