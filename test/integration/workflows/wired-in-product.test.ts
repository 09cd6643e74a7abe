import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildServices, type Services } from '../../../src/app/build-services.js';
import { loadConfig } from '../../../src/config.js';
import { useTestDatabase } from '../../support/test-database.js';
import type { WorkflowActionsAndCards } from '../../../src/app/workflow-actions-and-cards.js';
import { startWeb, type WebServer } from '../../../src/http/start-web.js';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { createLogger } from '../../../src/logger.js';
import { RegistrationSlaQueue } from '../../../src/registrations/registration-sla-queue.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { answerOf, DEMO_TODAY, demoPartner, executionRequest, PUBLIC_BASE_URL } from './enablement-app-harness.js';

const redisUrl = inject('redisUrl');

describe('workflow actions and cards as the product wires them (buildServices + createWebApp)', () => {
  const databaseUrl = useTestDatabase();
  let sandbox: Sandbox;
  let services: Services;
  let extensions: WorkflowActionsAndCards | undefined;
  let web: WebServer;
  const now = Date.parse(`${DEMO_TODAY}T12:00:00Z`);

  beforeAll(async () => {
    sandbox = await startSandbox({ today: DEMO_TODAY });
    const config = loadConfig({
      PUBLIC_BASE_URL,
      HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
      HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
      HUBSPOT_API_BASE_URL: sandbox.url,
      HUBSPOT_PORTAL_ID: String(sandbox.portalId),
      REDIS_URL: redisUrl,
      DATABASE_URL: databaseUrl(),
      RECALCULATION_CLAIM_SIZE: '250',
    });
    const prefix = `test:wired:${crypto.randomBytes(4).toString('hex')}`;
    services = await buildServices(config, {
      logger: createLogger({ level: 'silent' }),
      recalculation: { prefix },
      now: () => now,
    });
    web = await startWeb({ app: services.createWebApp(), port: 0, host: '127.0.0.1', logger: services.logger });
    extensions = services.actionsAndCards;
  });

  afterAll(async () => {
    await web?.close();
    await services?.close();
    await sandbox?.stop();
  });

  it('claims as many pending companies at once as RECALCULATION_CLAIM_SIZE says', () => {
    expect(services.recalculationQueue.settings.claimSize).toBe(250);
  });

  it('answers a signed workflow action execution', async () => {
    const body = JSON.stringify(executionRequest({ portalId: String(sandbox.portalId) }, { objectId: demoPartner(sandbox, 'gold').id, inputFields: { target_tier: 'gold' } }));
    const path = '/hubspot/actions/check-tier-eligibility';

    const response = await fetch(`${web.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature': signAsHubSpot.v2({ secret: sandbox.clientSecret, method: 'POST', url: `${PUBLIC_BASE_URL}${path}`, body }),
      },
      body,
    });

    expect(response.status).toBe(200);
    expect((await answerOf(response)).outputFields).toMatchObject({ eligible: 'yes', hs_execution_state: 'SUCCESS' });
  });

  it('answers a signed card request for the installation\'s portal', async () => {
    const pathAndQuery = `/hubspot/cards/partner-enablement?portalId=${sandbox.portalId}&companyId=${demoPartner(sandbox, 'silver').id}`;
    const response = await fetch(`${web.url}${pathAndQuery}`, {
      headers: {
        'x-hubspot-signature-v3': signAsHubSpot.v3({ secret: sandbox.clientSecret, method: 'GET', url: `${PUBLIC_BASE_URL}${pathAndQuery}`, body: '', timestamp: now }),
        'x-hubspot-request-timestamp': String(now),
      },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ isPartner: true, tier: { id: 'silver' } });
  });

  it('takes a signed registration through the API and through the Register partner deal action', async () => {
    const partner = demoPartner(sandbox, 'silver');
    const contactId = sandbox.store.associatedIds('companies', partner.id, 'contacts')[0]!;
    sandbox.ui.updateCompany(partner.id, { pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf' });
    const pathAndQuery = `/api/registrations?portalId=${sandbox.portalId}`;
    const registration = JSON.stringify({
      partnerCompanyId: partner.id,
      submitterContactId: contactId,
      customerCompanyName: 'Wired Customer',
      customerDomain: 'wired-customer.example',
      customerContactName: 'Wes Buyer',
      customerContactEmail: 'wes@wired-customer.example',
      dealName: 'Wired – pilot',
      amount: 990_000,
      expectedCloseDate: '2027-01-31',
    });
    const response = await fetch(`${web.url}${pathAndQuery}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature-v3': signAsHubSpot.v3({ secret: sandbox.clientSecret, method: 'POST', url: `${PUBLIC_BASE_URL}${pathAndQuery}`, body: registration, timestamp: now }),
        'x-hubspot-request-timestamp': String(now),
      },
      body: registration,
    });
    expect(response.status).toBe(201);
    const { registrationId } = await response.json() as { registrationId: string };
    expect(sandbox.store.getRecord('deals', registrationId)?.properties).toMatchObject({ pipeline: sandbox.seed.registrationPipelineId, pe_registration_status: 'submitted' });

    const body = JSON.stringify(executionRequest({ portalId: String(sandbox.portalId) }, {
      objectId: contactId,
      objectType: 'CONTACT',
      inputFields: {
        partner_company_id: partner.id,
        customer_company_name: 'Wired Customer',
        customer_domain: 'https://www.wired-customer.example',
        customer_contact_name: 'Wes Buyer',
        customer_contact_email: 'wes@wired-customer.example',
        deal_name: 'Wired – again',
        amount: '990000',
        expected_close_date: '2027-01-31',
      },
    }));
    const path = '/hubspot/actions/register-partner-deal';
    const action = await fetch(`${web.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature': signAsHubSpot.v2({ secret: sandbox.clientSecret, method: 'POST', url: `${PUBLIC_BASE_URL}${path}`, body }),
      },
      body,
    });
    expect(action.status).toBe(200);
    expect((await answerOf(action)).outputFields).toMatchObject({ registration_outcome: 'duplicate', registration_id: registrationId, hs_execution_state: 'SUCCESS' });
  });

  it('decides a registration through the signed API and through the Decide partner registration action', async () => {
    const partner = demoPartner(sandbox, 'silver');
    const contactId = sandbox.store.associatedIds('companies', partner.id, 'contacts')[0]!;
    sandbox.ui.updateCompany(partner.id, { pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf' });
    const signedPost = (pathAndQuery: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      return fetch(`${web.url}${pathAndQuery}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hubspot-signature-v3': signAsHubSpot.v3({ secret: sandbox.clientSecret, method: 'POST', url: `${PUBLIC_BASE_URL}${pathAndQuery}`, body, timestamp: now }),
          'x-hubspot-request-timestamp': String(now),
        },
        body,
      });
    };
    const runAction = (dealId: string, inputFields: Record<string, string>) => {
      const body = JSON.stringify(executionRequest({ portalId: String(sandbox.portalId) }, { objectId: dealId, objectType: 'DEAL', inputFields }));
      const path = '/hubspot/actions/decide-partner-registration';
      return fetch(`${web.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hubspot-signature': signAsHubSpot.v2({ secret: sandbox.clientSecret, method: 'POST', url: `${PUBLIC_BASE_URL}${path}`, body }),
        },
        body,
      });
    };
    const register = async (domain: string) => {
      const response = await signedPost(`/api/registrations?portalId=${sandbox.portalId}`, {
        partnerCompanyId: partner.id,
        submitterContactId: contactId,
        customerCompanyName: `Decided ${domain}`,
        customerDomain: domain,
        customerContactName: 'Dee Buyer',
        customerContactEmail: `dee@${domain}`,
        dealName: `Decided ${domain}`,
        amount: 100_000,
        expectedCloseDate: '2027-01-31',
      });
      expect(response.status).toBe(201);
      return (await response.json() as { registrationId: string }).registrationId;
    };

    const viaApi = await register('decided-by-api.example');
    // The product's submission starts the decision clock in the registry's queue.
    const breach = await services.queues.registrationSla.queue.getJob(RegistrationSlaQueue.jobId(viaApi, 'breach'));
    expect(await breach?.getState()).toBe('delayed');
    expect(breach?.delay).toBe(48 * 3_600_000);
    const decided = await signedPost(`/api/registrations/${viaApi}/decision?portalId=${sandbox.portalId}`, { decision: 'reject', reason: 'Outside the partner territory.' });
    expect(decided.status).toBe(200);
    expect(sandbox.store.getRecord('deals', viaApi)?.properties).toMatchObject({ pe_registration_status: 'rejected', pe_registration_rejection_reason: 'Outside the partner territory.' });
    const again = await signedPost(`/api/registrations/${viaApi}/decision?portalId=${sandbox.portalId}`, { decision: 'approve' });
    expect(again.status).toBe(409);

    const viaAction = await register('decided-by-workflow.example');
    const approved = await runAction(viaAction, { decision: 'approve' });
    expect(approved.status).toBe(200);
    const output = (await answerOf(approved)).outputFields;
    expect(output).toMatchObject({ decision_outcome: 'decided', registration_status: 'approved', hs_execution_state: 'SUCCESS' });
    expect(sandbox.store.getRecord('deals', viaAction)?.properties.pe_registration_expires_on?.slice(0, 10)).toBe(output.registration_expires_on);
    const refused = await runAction(viaAction, { decision: 'reject', rejection_reason: 'Changed our mind' });
    expect((await answerOf(refused)).outputFields).toMatchObject({
      decision_outcome: 'refused',
      registration_status: 'approved',
      decision_message: 'An approved registration cannot be rejected: it can only be extended, expired, marked won, marked lost.',
      hs_execution_state: 'SUCCESS',
    });
    const notRegistration = await runAction(sandbox.seed.directDealIds[0]!, { decision: 'approve' });
    expect((await answerOf(notRegistration)).outputFields).toMatchObject({ decision_outcome: 'not_a_registration' });
  });

  it('starts and stops the worker that completes blocked executions', async () => {
    const worker = await extensions!.startWorker();

    expect(worker.worker.isRunning()).toBe(true);
    await worker.close();
  });
});
