import { describe, expect, it } from 'vitest';
import { maskEmailAddress } from '../../../src/mail/mask-email-address.js';
import { renderRenewalReminderEmail } from '../../../src/mail/render-renewal-reminder-email.js';
import { renderTrainingConsentEmail } from '../../../src/mail/render-training-consent-email.js';

function aReminder(overrides: Partial<Parameters<typeof renderRenewalReminderEmail>[0]> = {}) {
  return renderRenewalReminderEmail({
    to: 'ada@partner.example',
    contactId: 'c1',
    firstName: 'Ada',
    lastName: 'Lovelace',
    certificationName: 'Sales Fundamentals',
    expiresOn: '2026-06-30',
    daysLeft: 30,
    renewal: 'Retake exam',
    companyName: 'Acme',
    reference: 'renewal-reminder/c1/sales_fundamentals/2026-06-30/30',
    ...overrides,
  });
}

describe('renewal reminder email', () => {
  it('names the certification and the days left in the subject', () => {
    expect(aReminder().subject).toBe('Your Sales Fundamentals certification expires in 30 days');
  });

  it('tells the expiry date and how to renew in the text body', () => {
    const { text } = aReminder();

    expect(text).toContain('expires on 2026-06-30 (in 30 days)');
    expect(text).toContain('To renew it: Retake exam.');
  });

  it('escapes names in the HTML body', () => {
    const { html } = aReminder({ firstName: '<b>Ada</b>' });

    expect(html).toContain('Hello &lt;b&gt;Ada&lt;/b&gt;,');
  });

  it('says "today" on the expiry day', () => {
    expect(aReminder({ daysLeft: 0 }).subject).toBe('Your Sales Fundamentals certification expires today');
  });
});

describe('training consent email', () => {
  it('carries the consent link in both bodies', () => {
    const message = renderTrainingConsentEmail({
      to: 'ada@partner.example',
      contactId: 'c1',
      firstName: 'Ada',
      lastName: null,
      trackName: 'Sales',
      trackPurpose: 'Positioning and objection handling',
      durationWeeks: 2,
      consentUrl: 'https://app.example/training/consent/v1.a.b',
      linkExpiresOn: '2026-05-15',
      reference: 'a-1',
    });

    expect(message.text).toContain('https://app.example/training/consent/v1.a.b');
    expect(message.html).toContain('href="https://app.example/training/consent/v1.a.b"');
    expect(message.subject).toBe('Training proposed to you: Sales');
  });
});

describe('masked email address', () => {
  it('keeps the first letter and the domain only', () => {
    expect(maskEmailAddress('jane.doe@example.com')).toBe('j***@example.com');
  });
});
