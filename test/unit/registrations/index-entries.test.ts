import { describe, expect, it } from 'vitest';
import { companyIndexEntry } from '../../../src/registrations/company-index-entry.js';
import { dealIndexEntry } from '../../../src/registrations/deal-index-entry.js';
import { readIndexEvents } from '../../../src/registrations/read-index-events.js';

describe('companyIndexEntry', () => {
  it('keeps the registrable domain and the normalised name of a customer', () => {
    expect(companyIndexEntry({ id: '7', properties: { name: 'ACME, Inc.', domain: 'shop.eu.acme.co.uk' } })).toEqual({
      companyId: '7', name: 'ACME, Inc.', normalisedName: 'acme', domain: 'acme.co.uk',
    });
  });

  it('takes the website when the domain is empty, and never a free-mail domain', () => {
    expect(companyIndexEntry({ id: '7', properties: { name: 'Acme', domain: '', website: 'https://www.acme.com/about' } })?.domain).toBe('acme.com');
    expect(companyIndexEntry({ id: '7', properties: { name: 'Acme', domain: 'gmail.com', website: 'acme.de' } })?.domain).toBe('acme.de');
    expect(companyIndexEntry({ id: '7', properties: { name: 'Acme', domain: 'acme-mail.example' } }, ['acme-mail.example'])?.domain).toBeNull();
  });

  it('keeps no partner: partners are not customers', () => {
    expect(companyIndexEntry({ id: '7', properties: { name: 'Reseller', domain: 'reseller.example', pe_is_partner: 'true' } })).toBeNull();
  });
});

describe('dealIndexEntry', () => {
  const deal = (properties: Record<string, string>, companyIds = ['12', '9']) => ({ id: '100', properties, companyIds });

  it('an open direct deal is one open row per associated company, and no registration', () => {
    expect(dealIndexEntry(deal({ hs_is_closed: 'false', hs_is_closed_won: 'false' }))).toEqual({
      dealId: '100',
      deals: [
        { dealId: '100', companyId: '9', isRegistration: false, state: 'open', closedOn: null },
        { dealId: '100', companyId: '12', isRegistration: false, state: 'open', closedOn: null },
      ],
      registration: null,
    });
  });

  it("a won deal keeps its close date's day; a lost one keeps no row", () => {
    const won = dealIndexEntry(deal({ hs_is_closed: 'true', hs_is_closed_won: 'true', closedate: '2026-03-04T17:00:00.000Z' }, ['9']));
    expect(won.deals).toEqual([{ dealId: '100', companyId: '9', isRegistration: false, state: 'won', closedOn: '2026-03-04' }]);
    expect(dealIndexEntry(deal({ hs_is_closed: 'true', hs_is_closed_won: 'false' })).deals).toEqual([]);
  });

  it("a registration's customer is an associated company other than the partner", () => {
    const entry = dealIndexEntry(deal({
      pe_partner_company_id: '9',
      pe_registration_status: 'approved',
      pe_registration_submitted_at: '2026-11-01T10:00:00.000Z',
      pe_registration_expires_on: '2027-02-01',
      pe_registration_decided_at: '2026-11-02T16:30:00.000Z',
    }));
    expect(entry.registration).toEqual({
      dealId: '100', partnerId: '9', companyId: '12', status: 'approved', submittedAt: new Date('2026-11-01T10:00:00.000Z'), expiresOn: '2027-02-01',
      decidedAt: new Date('2026-11-02T16:30:00.000Z'),
    });
    expect(entry.deals).toEqual([{ dealId: '100', companyId: '12', isRegistration: true, state: 'open', closedOn: null }]);
  });

  it('an unknown registration status is no registration', () => {
    expect(dealIndexEntry(deal({ pe_partner_company_id: '9', pe_registration_status: 'maybe' })).registration).toBeNull();
  });
});

describe('readIndexEvents', () => {
  it('follows a company only through the properties that place it in the index', () => {
    expect(readIndexEvents([
      { subscriptionType: 'object.propertyChange', objectTypeId: '0-2', objectId: 1, propertyName: 'pe_foundation_complete' },
      { subscriptionType: 'company.propertyChange', objectId: 2, propertyName: 'pe_target_tier' },
      { subscriptionType: 'object.propertyChange', objectTypeId: '0-2', objectId: 3, propertyName: 'domain' },
      { subscriptionType: 'company.propertyChange', objectId: 4, propertyName: 'website' },
      { subscriptionType: 'object.propertyChange', objectTypeId: '0-2', objectId: 5, propertyName: 'name' },
      { subscriptionType: 'object.propertyChange', objectTypeId: '0-2', objectId: 6, propertyName: 'pe_is_partner' },
    ]).map((event) => event.objectId)).toEqual(['3', '4', '5', '6']);
  });

  it('reads company and deal events in both formats, and deal↔company association changes', () => {
    expect(readIndexEvents([
      { subscriptionType: 'object.propertyChange', objectTypeId: '0-3', objectId: 5, propertyName: 'dealstage' },
      { subscriptionType: 'object.creation', objectTypeId: '0-2', objectId: 6 },
      { subscriptionType: 'object.deletion', objectTypeId: '0-3', objectId: 7 },
      { subscriptionType: 'company.deletion', objectId: 8 },
      { subscriptionType: 'deal.propertyChange', objectId: '9', propertyName: 'amount' },
      { subscriptionType: 'object.associationChange', fromObjectTypeId: '0-2', toObjectTypeId: '0-3', fromObjectId: 1, toObjectId: 10 },
      { subscriptionType: 'object.associationChange', fromObjectTypeId: '0-3', toObjectTypeId: '0-2', fromObjectId: 11, toObjectId: 1 },
    ])).toEqual([
      { object: 'deal', objectId: '5', deleted: false },
      { object: 'company', objectId: '6', deleted: false },
      { object: 'deal', objectId: '7', deleted: true },
      { object: 'company', objectId: '8', deleted: true },
      { object: 'deal', objectId: '9', deleted: false },
      { object: 'deal', objectId: '10', deleted: false, guard: true },
      { object: 'deal', objectId: '11', deleted: false, guard: true },
    ]);
  });

  it('asks for the direct-deal guard on a deal creation and a new deal↔company association only', () => {
    expect(readIndexEvents([
      { subscriptionType: 'object.creation', objectTypeId: '0-3', objectId: 1 },
      { subscriptionType: 'object.associationChange', fromObjectTypeId: '0-3', toObjectTypeId: '0-2', fromObjectId: 2, toObjectId: 9, associationRemoved: false },
      { subscriptionType: 'object.associationChange', fromObjectTypeId: '0-3', toObjectTypeId: '0-2', fromObjectId: 3, toObjectId: 9, associationRemoved: true },
      { subscriptionType: 'object.propertyChange', objectTypeId: '0-3', objectId: 4, propertyName: 'dealstage' },
      { subscriptionType: 'object.creation', objectTypeId: '0-2', objectId: 5 },
    ])).toEqual([
      { object: 'deal', objectId: '1', deleted: false, guard: true },
      { object: 'deal', objectId: '2', deleted: false, guard: true },
      { object: 'deal', objectId: '3', deleted: false },
      { object: 'deal', objectId: '4', deleted: false },
      { object: 'company', objectId: '5', deleted: false },
    ]);
  });

  it('leaves out contacts, contact↔company associations and malformed events', () => {
    expect(readIndexEvents([
      { subscriptionType: 'object.propertyChange', objectTypeId: '0-1', objectId: 5 },
      { subscriptionType: 'object.associationChange', fromObjectTypeId: '0-1', toObjectTypeId: '0-2', fromObjectId: 1, toObjectId: 2 },
      { subscriptionType: 'object.creation', objectTypeId: '0-3', objectId: 'abc' },
      { subscriptionType: 'nodot', objectId: 1 },
      null,
      'text',
    ])).toEqual([]);
  });
});
