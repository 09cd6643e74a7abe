import { describe, expect, inject, it } from 'vitest';
import { answerOf, demoPartner, executionRequest, postAction, useWorkflowActionsApp } from './enablement-app-harness.js';

const redisUrl = inject('redisUrl');
const ACTION = 'record-certification';
const EARNED = 'pe_cert_sales_fundamentals_earned_on';

describe('Record certification', () => {
  const app = useWorkflowActionsApp(redisUrl);

  /** A contact of a partner without Sales Fundamentals, one per test so that tests do not meet. */
  const used = new Set<string>();
  function freshContact(): { contactId: string; companyId: string } {
    for (const partner of app.services.sandbox.seed.partners) {
      for (const contactId of partner.contactIds) {
        if (used.has(contactId) || app.services.sandbox.store.getContact(contactId)!.properties[EARNED]) continue;
        used.add(contactId);
        return { contactId, companyId: partner.id };
      }
    }
    throw new Error('no contact without Sales Fundamentals left in the demo portal');
  }

  async function record(contactId: string, inputFields: Record<string, unknown>, options: Parameters<typeof postAction>[4] = {}) {
    const body = executionRequest(app.services, { objectId: contactId, objectType: 'CONTACT', inputFields });
    return postAction(app.services, app.web, ACTION, body, options);
  }

  async function pendingCompanies(): Promise<string[]> {
    const queue = app.services.recalculation;
    const shards = Array.from({ length: queue.settings.shards }, (_, shard) => queue.companies.pending(app.services.portalId, shard));
    return (await Promise.all(shards)).flat();
  }

  it('records the date on the contact and answers its expiry, status and valid certifications', async () => {
    const { contactId } = freshContact();
    const validBefore = Number(app.services.sandbox.store.getContact(contactId)!.properties.pe_valid_certifications || 0);

    const response = await record(contactId, { certification: 'sales_fundamentals', earned_on: '2026-10-01' });

    expect(response.status).toBe(200);
    const { outputFields } = await answerOf(response);
    expect(outputFields).toMatchObject({ expires_on: '2027-10-01', certification_status: 'active', hs_execution_state: 'SUCCESS' });
    expect(Number(outputFields.valid_certifications)).toBeGreaterThanOrEqual(validBefore + 1);
    expect(app.services.sandbox.store.getContact(contactId)!.properties[EARNED]).toBe('2026-10-01');
  });

  it('queues the contact\'s partner for recalculation', async () => {
    const { contactId, companyId } = freshContact();

    await record(contactId, { certification: 'sales_fundamentals', earned_on: '2026-09-01' });

    expect(await pendingCompanies()).toContain(companyId);
  });

  it('audits who recorded it: the workflow', async () => {
    const { contactId } = freshContact();

    await record(contactId, { certification: 'sales_fundamentals', earned_on: '2026-08-01' });

    const entries = await app.services.audit.forContact(app.services.portalId, contactId);
    expect(entries.at(-1)).toMatchObject({ action: 'certification.recorded', actor: { type: 'workflow', id: '4242' } });
  });

  it('takes the date as HubSpot passes a date property: epoch milliseconds at midnight UTC', async () => {
    const { contactId } = freshContact();

    const { outputFields } = await answerOf(await record(contactId, { certification: 'sales_fundamentals', earned_on: String(Date.UTC(2026, 0, 15)) }));

    expect(outputFields).toMatchObject({ expires_on: '2027-01-15', hs_execution_state: 'SUCCESS' });
    expect(app.services.sandbox.store.getContact(contactId)!.properties[EARNED]).toBe('2026-01-15');
  });

  it('answers an expired status for a certification earned long ago', async () => {
    const { contactId } = freshContact();

    const { outputFields } = await answerOf(await record(contactId, { certification: 'sales_fundamentals', earned_on: '2024-01-10' }));

    expect(outputFields).toMatchObject({ expires_on: '2025-01-10', certification_status: 'expired', hs_execution_state: 'SUCCESS' });
  });

  describe('bad input fails the action with a reason, and writes nothing', () => {
    async function expectRefused(inputFields: Record<string, unknown>, errorCode: string, message: RegExp, contactId = freshContact().contactId) {
      app.services.sandbox.requests.reset();
      const response = await record(contactId, inputFields);
      expect(response.status).toBe(200);
      const { outputFields } = await answerOf(response);
      expect(outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode });
      expect(outputFields.errorMessage).toMatch(message);
      expect(app.services.sandbox.requests.count({ path: /batch\/update/ })).toBe(0);
    }

    it('a certification the program does not have', async () => {
      await expectRefused({ certification: 'rocket_science', earned_on: '2026-10-01' }, 'INVALID_INPUT', /"rocket_science" is not a certification of the program/);
    });

    it('a date that does not exist', async () => {
      await expectRefused({ certification: 'sales_fundamentals', earned_on: '2026-02-30' }, 'INVALID_INPUT', /^Record certification: Date earned "2026-02-30" is not valid/);
    });

    it('a date in the future', async () => {
      await expectRefused({ certification: 'sales_fundamentals', earned_on: '2026-12-24' }, 'INVALID_INPUT', /cannot be earned in the future/);
    });

    it('a missing date', async () => {
      await expectRefused({ certification: 'sales_fundamentals' }, 'INVALID_INPUT', /Date earned is required/);
    });

    it('a contact the portal does not have', async () => {
      await expectRefused({ certification: 'sales_fundamentals', earned_on: '2026-10-01' }, 'NOT_FOUND', /no contact 987654321/, '987654321');
    });
  });

  it('answers 401 to an unsigned request and writes nothing', async () => {
    const { contactId } = freshContact();
    app.services.sandbox.requests.reset();

    const response = await record(contactId, { certification: 'sales_fundamentals', earned_on: '2026-10-01' }, { signature: 'none' });

    expect(response.status).toBe(401);
    expect(app.services.sandbox.requests.count()).toBe(0);
    expect(app.services.sandbox.store.getContact(contactId)!.properties[EARNED] ?? '').toBe('');
  });

  it('answers 401 to a forged signature and writes nothing', async () => {
    const { contactId } = freshContact();

    const response = await record(contactId, { certification: 'sales_fundamentals', earned_on: '2026-10-01' }, { secret: 'guessed-secret' });

    expect(response.status).toBe(401);
    expect(app.services.sandbox.store.getContact(contactId)!.properties[EARNED] ?? '').toBe('');
  });

  it('is not confused by a company id: it works on contacts only', async () => {
    const body = executionRequest(app.services, { objectId: demoPartner(app.services.sandbox, 'gold').id, inputFields: { certification: 'sales_fundamentals', earned_on: '2026-10-01' } });

    const { outputFields } = await answerOf(await postAction(app.services, app.web, ACTION, body));

    expect(outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'INVALID_INPUT' });
  });
});
