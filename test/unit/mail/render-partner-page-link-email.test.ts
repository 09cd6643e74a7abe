import { describe, expect, it } from 'vitest';
import { renderPartnerPageLinkEmail } from '../../../src/mail/render-partner-page-link-email.js';

const aLinkEmail = (overrides: Partial<Parameters<typeof renderPartnerPageLinkEmail>[0]> = {}) =>
  renderPartnerPageLinkEmail({
    to: 'ada@partner.example',
    contactId: 'c1',
    firstName: 'Ada',
    lastName: 'Lovelace',
    companyName: 'Acme Partners',
    pageUrl: 'https://enablement.example.com/p/p1.abc.def',
    linkExpiresOn: '2026-08-02',
    reference: 'link-1',
    ...overrides,
  });

describe('partner page link email', () => {
  it('names the partner in the subject and carries the link in both bodies, with its last day', () => {
    const message = aLinkEmail();

    expect(message.subject).toBe('Your partner page for Acme Partners');
    expect(message.text).toContain('https://enablement.example.com/p/p1.abc.def');
    expect(message.html).toContain('href="https://enablement.example.com/p/p1.abc.def"');
    expect(message.text).toContain('It works until 2026-08-02.');
    expect(message).toMatchObject({ template: 'partner-page-link', contactId: 'c1', reference: 'link-1', toName: 'Ada Lovelace' });
  });

  it('escapes what it shows in HTML', () => {
    expect(aLinkEmail({ firstName: '<b>Ada</b>' }).html).not.toContain('<b>Ada</b>');
  });
});
