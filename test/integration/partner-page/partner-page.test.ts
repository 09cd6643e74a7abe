import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createPartnerLinkToken } from '../../../src/partner-page/partner-link-token.js';
import { aPartnerContact, formTokenOf, lastPageLink, offeredAssignments, postForm, startPartnerPageRig, type PartnerPageRig } from './partner-page-harness.js';

const redisUrl = inject('redisUrl');
let rig: PartnerPageRig;

afterEach(async () => {
  await rig?.stop();
});

const operator = { type: 'operator' as const, id: 'test' };
const START = '2026-05-04T10:00:00Z';

async function open(url: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

describe('partner links', () => {
  it('issues a link that opens the contact\'s partner page, storing only the token\'s hash', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { companyId, contactId } = aPartnerContact(rig.sandbox, { companyName: 'Acme Partners' });

    const { url, link } = await rig.partnerPage.links.issue(contactId, operator);
    const page = await open(url);

    expect(page.status).toBe(200);
    expect(page.html).toContain('Acme Partners');
    expect(page.html).toContain('id="registrations"');
    expect(page.html).toContain('Hello Ada Lovelace.');
    const token = url.split('/p/')[1]!;
    const rows = await rig.db.selectFrom('partner_links').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]).toMatchObject({ contact_id: contactId, company_id: companyId, portal_id: rig.portalId, revoked_at: null });
    expect(rows[0]!.expires_at.getTime() - rows[0]!.issued_at.getTime()).toBe(90 * 86_400_000);
    const actions = (await rig.audit.forContact(rig.portalId, contactId)).map((entry) => entry.action);
    expect(actions).toEqual(['partner-link.issued', 'partner-page.viewed']);
    expect(link.companyId).toBe(companyId);
  });

  it('shows nothing of another partner', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const mine = aPartnerContact(rig.sandbox, { companyName: 'Acme Partners' });
    aPartnerContact(rig.sandbox, { companyName: 'Rival Resellers', email: 'bob@rival.example', firstName: 'Bob' });

    const page = await open((await rig.partnerPage.links.issue(mine.contactId, operator)).url);

    expect(page.html).toContain('Acme Partners');
    expect(page.html).not.toContain('Rival Resellers');
    expect(page.html).not.toContain('Bob');
  });

  it('shows nothing once the contact has left the partner the link was issued for', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { companyId, contactId } = aPartnerContact(rig.sandbox, { companyName: 'Acme Partners' });
    const { url } = await rig.partnerPage.links.issue(contactId, operator);

    rig.sandbox.ui.disassociate(contactId, companyId);
    const page = await open(url);

    expect(page.status).toBe(403);
    expect(page.html).not.toContain('Acme Partners');
  });

  it('refuses a contact without a partner company', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const contactId = rig.sandbox.ui.createContact({ firstname: 'Nobody', email: 'nobody@example.com' });

    await expect(rig.partnerPage.links.issue(contactId, operator)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('answers a revoked link with a clear 410 page', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { contactId } = aPartnerContact(rig.sandbox);
    const { url } = await rig.partnerPage.links.issue(contactId, operator);

    expect(await rig.partnerPage.links.revoke({ contactId }, operator)).toBe(1);
    const page = await open(url);

    expect(page.status).toBe(410);
    expect(page.html).toContain('This link was withdrawn');
    expect(page.html).not.toMatch(/at .*\.ts:\d+/);
    expect((await rig.audit.forContact(rig.portalId, contactId)).map((entry) => entry.action)).toContain('partner-link.revoked');
  });

  it('answers an expired link with a 410 page once its 90 days are over', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { contactId } = aPartnerContact(rig.sandbox);
    const { url } = await rig.partnerPage.links.issue(contactId, operator);

    rig.clock.now += 90 * 86_400_000 - 1000;
    expect((await open(url)).status).toBe(200);
    rig.clock.now += 2000;
    const page = await open(url);

    expect(page.status).toBe(410);
    expect(page.html).toContain('This link has expired');
  });

  it('answers a tampered or made-up token with a 400 page, never a stack', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { contactId } = aPartnerContact(rig.sandbox);
    const { url } = await rig.partnerPage.links.issue(contactId, operator);
    const last = url.at(-1)!;
    const tampered = `${url.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;

    for (const bad of [tampered, `${rig.web.url}/p/not-a-token`, `${rig.web.url}/p/${'%'.repeat(3)}`]) {
      const page = await open(bad);
      expect(page.status).toBe(400);
      expect(page.html).toContain('This link is not valid');
    }
  });
});

describe('odd requests', () => {
  it('answers a well-signed token it never issued with 404, and a form it cannot read with a 4xx', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { contactId } = aPartnerContact(rig.sandbox);
    const { url } = await rig.partnerPage.links.issue(contactId, operator);

    const neverIssued = await open(`${rig.web.url}/p/${createPartnerLinkToken('link-signing-secret').token}`);
    const crowded = await postForm(`${url}/training`, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, 'x'])));
    const empty = await postForm(`${url}/training`, {});

    expect(neverIssued.status).toBe(404);
    expect(neverIssued.html).toContain('This link is not valid');
    expect(crowded.status).toBeGreaterThanOrEqual(400);
    expect(crowded.status).toBeLessThan(500);
    expect(empty.status).toBe(403);
  });
});

describe('training on the partner page', () => {
  it('the consent email links to the partner page, where the contact accepts the offer', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { contactId } = aPartnerContact(rig.sandbox);
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator });
    const url = lastPageLink(rig.outbox, contactId, 'training-consent');

    const page = await open(url);
    expect(page.html).toContain('Accept Sales');
    const [assignment] = offeredAssignments(page.html);
    const accepted = await postForm(`${url}/training`, { form_token: formTokenOf(page.html), assignment: assignment!, decision: 'accept' });

    expect(accepted.status).toBe(200);
    const html = await accepted.text();
    expect(html).toContain('You accepted Sales. It is now active.');
    expect(offeredAssignments(html)).toEqual([]);
    expect(rig.sandbox.store.getContact(contactId)?.properties).toMatchObject({ pe_active_tracks: 'sales' });
    expect((await rig.training.store.get(assignment!))?.state).toBe('active');
    expect((await rig.audit.forContact(rig.portalId, contactId)).map((entry) => entry.action)).toContain('training.accepted');
  });

  it('refuses a form without the link\'s anti-CSRF token, and changes nothing', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { contactId } = aPartnerContact(rig.sandbox);
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator });
    const url = lastPageLink(rig.outbox, contactId, 'training-consent');
    const [assignment] = offeredAssignments((await open(url)).html);
    // A token of another link of the same contact is no good either: it is bound to its link.
    const other = await open((await rig.partnerPage.links.issue(contactId, operator)).url);

    for (const formToken of ['', 'forged', formTokenOf(other.html)]) {
      const refused = await postForm(`${url}/training`, { form_token: formToken, assignment: assignment!, decision: 'accept' });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('The form could not be accepted');
    }
    expect((await rig.training.store.get(assignment!))?.state).toBe('pending');
    expect((await rig.audit.forContact(rig.portalId, contactId)).filter((entry) => entry.action === 'partner-page.form-refused')).toHaveLength(3);
  });

  it('does not let a contact answer another contact\'s offer', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const mine = aPartnerContact(rig.sandbox);
    const theirs = aPartnerContact(rig.sandbox, { companyName: 'Rival Resellers', email: 'bob@rival.example', firstName: 'Bob' });
    await rig.training.assignTraining({ portalId: rig.portalId, contactId: theirs.contactId, track: 'sales', actor: operator });
    const [theirAssignment] = offeredAssignments((await open(lastPageLink(rig.outbox, theirs.contactId, 'training-consent'))).html);
    await rig.training.assignTraining({ portalId: rig.portalId, contactId: mine.contactId, track: 'sales', actor: operator });
    const url = lastPageLink(rig.outbox, mine.contactId, 'training-consent');
    const page = await open(url);

    const answer = await postForm(`${url}/training`, { form_token: formTokenOf(page.html), assignment: theirAssignment!, decision: 'decline' });

    expect(answer.status).toBe(404);
    expect((await rig.training.store.get(theirAssignment!))?.state).toBe('pending');
  });
});

describe('the public routes', () => {
  it('send at most the address budget of link emails to one address, answering the same every time', async () => {
    rig = await startPartnerPageRig(redisUrl, START, { rateLimits: { perAddress: { requests: 2, windowMs: 3_600_000 } } });
    aPartnerContact(rig.sandbox, { email: 'ada@partner.example' });

    const bodies = [];
    for (let i = 0; i < 4; i += 1) bodies.push(await (await postForm(`${rig.web.url}/p`, { email: i % 2 ? 'ADA@partner.example' : 'ada@partner.example' })).text());

    expect(new Set(bodies).size).toBe(1);
    await vi.waitFor(() => expect(rig.outbox.outbox.filter((m) => m.template === 'partner-page-link')).toHaveLength(2), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rig.outbox.outbox.filter((m) => m.template === 'partner-page-link')).toHaveLength(2);
  });


  it('are rate-limited per link, with 429 and Retry-After', async () => {
    rig = await startPartnerPageRig(redisUrl, START, { rateLimits: { perToken: { requests: 3, windowMs: 60_000 } } });
    const { contactId } = aPartnerContact(rig.sandbox);
    const { url } = await rig.partnerPage.links.issue(contactId, operator);

    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await open(url)).status);
    const limited = await open(url);

    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.html).toContain('Too many requests');
    // Another link is not slowed down by this one.
    expect((await open((await rig.partnerPage.links.issue(contactId, operator)).url)).status).toBe(200);
  });

  it('are rate-limited per IP', async () => {
    rig = await startPartnerPageRig(redisUrl, START, { rateLimits: { perIp: { requests: 2, windowMs: 60_000 } } });

    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await open(`${rig.web.url}/p`)).status);

    expect(statuses).toEqual([200, 200, 429]);
  });

  it('answer a link request identically whether or not the address is a partner contact\'s, and email only a partner contact', async () => {
    rig = await startPartnerPageRig(redisUrl, START);
    const { contactId } = aPartnerContact(rig.sandbox, { email: 'ada@partner.example' });
    rig.sandbox.ui.createContact({ firstname: 'Not', lastname: 'Partner', email: 'stranger@example.com' });

    const answers = [];
    for (const email of ['ada@partner.example', 'nobody@nowhere.example', 'stranger@example.com']) {
      const response = await postForm(`${rig.web.url}/p`, { email });
      answers.push({ status: response.status, body: await response.text() });
    }

    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]!.status).toBe(200);
    await vi.waitFor(() => expect(rig.outbox.outbox.filter((m) => m.template === 'partner-page-link')).toHaveLength(1), { timeout: 5000 });
    const sent = rig.outbox.outbox.filter((m) => m.template === 'partner-page-link');
    expect(sent.map((m) => m.to)).toEqual(['ada@partner.example']);
    expect((await open(lastPageLink(rig.outbox, contactId, 'partner-page-link'))).status).toBe(200);
  });
});
