import { describe, expect, it } from 'vitest';
import { identifyCustomer } from '../../../../src/domain/registrations/identify-customer.js';
import { isFreeMailDomain } from '../../../../src/domain/registrations/is-free-mail-domain.js';
import { normaliseCompanyName } from '../../../../src/domain/registrations/normalise-company-name.js';
import { registrableDomain } from '../../../../src/domain/registrations/registrable-domain.js';
import { settings } from './registration-factories.js';

describe('registrableDomain', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['WWW.Acme.COM.', 'acme.com'],
    ['https://shop.eu.acme.com/pricing?x=1', 'acme.com'],
    ['acme.com:8443', 'acme.com'],
  ])('reduces %s to %s', (input, expected) => {
    expect(registrableDomain(input)).toBe(expected);
  });

  it('keeps the label before a multi-part public suffix', () => {
    expect(registrableDomain('sales.acme.co.uk')).toBe('acme.co.uk');
    expect(registrableDomain('www.acme.com.au')).toBe('acme.com.au');
  });

  it('tells apart two customers on a shared hosting suffix', () => {
    expect(registrableDomain('acme.github.io')).toBe('acme.github.io');
    expect(registrableDomain('globex.github.io')).toBe('globex.github.io');
  });

  it('reads the domain of an email address', () => {
    expect(registrableDomain('Jane.Doe@mail.acme.co.uk')).toBe('acme.co.uk');
    expect(registrableDomain('mailto:bob@acme.com')).toBe('acme.com');
  });

  it('gives one spelling to an internationalised domain', () => {
    expect(registrableDomain('www.münchen.de')).toBe('xn--mnchen-3ya.de');
    expect(registrableDomain('xn--mnchen-3ya.de')).toBe('xn--mnchen-3ya.de');
  });

  it.each(['co.uk', 'com', '192.168.1.10', 'localhost', 'not a domain', '', '   ', 'bob@'])('finds no registrable domain in %j', (input) => {
    expect(registrableDomain(input)).toBeNull();
  });
});

describe('isFreeMailDomain', () => {
  it('knows the public email services, including country variants', () => {
    expect(isFreeMailDomain('gmail.com')).toBe(true);
    expect(isFreeMailDomain('yahoo.co.uk')).toBe(true);
    expect(isFreeMailDomain('acme.com')).toBe(false);
  });

  it("adds the program's extra free-mail domains", () => {
    expect(isFreeMailDomain('mail.de')).toBe(false);
    expect(isFreeMailDomain('mail.de', ['mail.de'])).toBe(true);
  });
});

describe('normaliseCompanyName', () => {
  it.each([
    ['ACME, Inc.', 'acme'],
    ['Acme GmbH', 'acme'],
    ['Acme Co. Ltd', 'acme'],
    ['The Acme Corporation', 'acme'],
    ['  acme   ', 'acme'],
    ['Müller & Söhne GmbH', 'muller and sohne'],
    ['Globex S.A.', 'globex'],
  ])('reads %j as %j', (input, expected) => {
    expect(normaliseCompanyName(input)).toBe(expected);
  });

  it('keeps a name that is only a legal form', () => {
    expect(normaliseCompanyName('The Company')).toBe('company');
  });

  it('keeps words that tell companies apart', () => {
    expect(normaliseCompanyName('Acme Cloud Inc')).not.toBe(normaliseCompanyName('Acme Inc'));
  });

  it('gives null for a name with no letters or digits', () => {
    expect(normaliseCompanyName(' – , ')).toBeNull();
  });
});

describe('identifyCustomer', () => {
  const conflict = settings().conflict;

  it("takes the domain from the company's website first", () => {
    expect(identifyCustomer({ companyName: 'Acme Ltd', domain: 'https://www.acme.co.uk', contactEmail: 'jane@acme-group.com' }, conflict))
      .toEqual({ domain: 'acme.co.uk', domainSource: 'website', name: 'acme', freeMailDomain: null });
  });

  it("falls back to the contact's email domain", () => {
    expect(identifyCustomer({ companyName: 'Acme', contactEmail: 'jane@eu.acme.com' }, conflict))
      .toMatchObject({ domain: 'acme.com', domainSource: 'email' });
  });

  it('never takes a free-mail domain as the customer, and says which one was given', () => {
    expect(identifyCustomer({ companyName: 'Acme', contactEmail: 'acme.buyer@gmail.com' }, conflict))
      .toEqual({ domain: null, domainSource: null, name: 'acme', freeMailDomain: 'gmail.com' });
    expect(identifyCustomer({ companyName: 'Acme', domain: 'gmail.com', contactEmail: 'jane@acme.com' }, conflict))
      .toEqual({ domain: 'acme.com', domainSource: 'email', name: 'acme', freeMailDomain: 'gmail.com' });
  });

  it("treats the program's extra free-mail domains like the built-in ones", () => {
    const rules = { ...conflict, extraFreeMailDomains: ['mail.de'] };
    expect(identifyCustomer({ contactEmail: 'jane@mail.de' }, rules)).toMatchObject({ domain: null, freeMailDomain: 'mail.de' });
  });

  it('knows nothing when nothing usable was given', () => {
    expect(identifyCustomer({ companyName: null, domain: 'not a domain' }, conflict))
      .toEqual({ domain: null, domainSource: null, name: null, freeMailDomain: null });
  });
});
