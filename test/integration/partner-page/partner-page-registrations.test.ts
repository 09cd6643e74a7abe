import { afterEach, describe, expect, inject, it } from 'vitest';
import { aPartnerContact, formTokenOf, postForm, startPartnerPageRig, type PartnerPageRig } from './partner-page-harness.js';

const redisUrl = inject('redisUrl');
let rig: PartnerPageRig;

afterEach(async () => {
  await rig?.stop();
});

const operator = { type: 'operator' as const, id: 'test' };
/** A Monday, 10:00 UTC: the 48-hour decision clock runs to Wednesday 10:00 UTC (12:00 in Berlin). */
const START = '2026-05-04T10:00:00Z';
const PERMISSIONS = 'access_portal;submit_leads;register_deals';

const aRegistration = {
  customerCompanyName: 'Northwind Traders',
  customerDomain: 'www.northwind-traders.example',
  customerContactName: 'Dana Buyer',
  customerContactEmail: 'dana@northwind-traders.example',
  dealName: 'Northwind rollout',
  amount: '12,500.50',
  expectedCloseDate: '2026-07-01',
  description: 'Fifty seats',
};

async function openPage(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(200);
  return response.text();
}

describe('registrations on the partner page', () => {
  it('registers a deal from the form and lists it pending, with its conflict outcome and due time read back from PostgreSQL', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { companyId, contactId } = aPartnerContact(rig.sandbox, { companyName: 'Acme Partners' });
    rig.sandbox.ui.updateCompany(companyId, { pe_permissions: PERMISSIONS });
    const { url } = await rig.partnerPage.links.issue(contactId, operator);
    const before = await openPage(url);
    expect(before).toContain('No registrations yet.');

    const response = await postForm(`${url}/registrations`, { form_token: formTokenOf(before), ...aRegistration });
    const html = await response.text();

    expect(response.status).toBe(201);
    expect(html).toContain('Your registration was sent and is pending a decision.');
    const row = await rig.db.selectFrom('registration_customers').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ partner_id: companyId, deal_name: 'Northwind rollout', customer_label: 'Northwind Traders', customer_domain: 'northwind-traders.example', conflict: 'none' });
    expect(row.due_at?.toISOString()).toBe('2026-05-06T10:00:00.000Z');
    const deal = rig.sandbox.store.getRecord('deals', row.deal_id)!;
    expect(deal.properties).toMatchObject({ dealname: 'Northwind rollout', pe_partner_company_id: companyId, pe_registration_status: 'submitted', amount: '12500.5' });
    const section = html.slice(html.indexOf('id="registrations"'));
    expect(section).toContain(`data-registration="${row.deal_id}"`);
    expect(section).toContain('Status: <strong class="status">Pending decision</strong>');
    expect(section).toContain('Conflict check: No conflict found');
    expect(section).toContain('Decision due by 6 May 2026 at 12:00 CEST');
    // Opened again later, the page reads the registration from the database.
    expect(await openPage(url)).toContain('Northwind rollout');
    const audit = (await rig.audit.forContact(rig.portalId, contactId)).find((entry) => entry.action === 'partner-page.registration-submitted');
    expect(audit?.after).toMatchObject({ outcome: 'registered', registrationId: row.deal_id, duplicate: false, conflict: 'none' });
  });

  it('names every problem of a refused submission, keeps what was typed and creates nothing', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { companyId, contactId } = aPartnerContact(rig.sandbox);
    rig.sandbox.ui.updateCompany(companyId, { pe_permissions: PERMISSIONS });
    const { url } = await rig.partnerPage.links.issue(contactId, operator);
    const token = formTokenOf(await openPage(url));
    const deals = rig.sandbox.store.listRecords('deals').length;

    const refused = await postForm(`${url}/registrations`, { form_token: token, customerDomain: 'not a domain', customerContactEmail: 'nobody', dealName: 'Kept deal name' });
    const html = await refused.text();

    expect(refused.status).toBe(400);
    const problems = html.slice(html.indexOf('id="registration-problems"'), html.indexOf('</div>', html.indexOf('id="registration-problems"')));
    expect(problems).toContain('Customer website or domain: &quot;not a domain&quot; is not a company domain');
    expect(problems).toContain('Customer contact email: &quot;nobody&quot; is not an email address');
    expect(html).toContain('value="Kept deal name"');

    const badAmount = await postForm(`${url}/registrations`, { form_token: token, ...aRegistration, amount: 'lots' });
    expect(badAmount.status).toBe(400);
    expect(await badAmount.text()).toContain('Expected amount: enter a number such as 12500 or 12500.50.');
    expect(rig.sandbox.store.listRecords('deals').length).toBe(deals);
    expect(await rig.db.selectFrom('registration_customers').selectAll().execute()).toEqual([]);
  });

  it('refuses a form without the page\'s token and answers a partner that may not register', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { contactId } = aPartnerContact(rig.sandbox, { companyName: 'Acme Partners' });
    const { url } = await rig.partnerPage.links.issue(contactId, operator);
    const token = formTokenOf(await openPage(url));

    const forged = await postForm(`${url}/registrations`, { form_token: 'not-the-token', ...aRegistration });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('The form could not be accepted');

    // No permissions at all: neither a registration nor a lead.
    const refused = await postForm(`${url}/registrations`, { form_token: token, ...aRegistration });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Acme Partners cannot register deals or submit leads');
    expect(await rig.db.selectFrom('registration_customers').selectAll().execute()).toEqual([]);
    const actions = (await rig.audit.forContact(rig.portalId, contactId)).map((entry) => entry.action);
    expect(actions).toContain('partner-page.form-refused');
    expect(actions).toContain('partner-page.registration-submitted');
  });

  it("lists only the link's partner's registrations", async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const mine = aPartnerContact(rig.sandbox, { companyName: 'Acme Partners' });
    const rival = aPartnerContact(rig.sandbox, { companyName: 'Rival Resellers', email: 'bob@rival.example', firstName: 'Bob' });
    rig.sandbox.ui.updateCompany(mine.companyId, { pe_permissions: PERMISSIONS });
    rig.sandbox.ui.updateCompany(rival.companyId, { pe_permissions: PERMISSIONS });
    const rivalUrl = (await rig.partnerPage.links.issue(rival.contactId, operator)).url;
    const rivalPosted = await postForm(`${rivalUrl}/registrations`, { form_token: formTokenOf(await openPage(rivalUrl)), ...aRegistration, dealName: 'Rival secret deal' });
    expect(rivalPosted.status).toBe(201);

    const page = await openPage((await rig.partnerPage.links.issue(mine.contactId, operator)).url);

    expect(page).not.toContain('Rival secret deal');
    expect(page).toContain('No registrations yet.');
  });
});
