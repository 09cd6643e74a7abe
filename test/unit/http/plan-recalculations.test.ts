import { describe, expect, it } from 'vitest';
import type { AssociationChangeEvent, PropertyChangeEvent, WebhookEvent } from '../../../src/http/parse-webhook-events.js';
import { planRecalculations, type EventFilter } from '../../../src/http/plan-recalculations.js';
import { COMPANY_INPUTS, contactInputs } from '../../../src/hubspot/property-names.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';

const filter: EventFilter = {
  appId: '16111050',
  companyInputs: new Set(COMPANY_INPUTS),
  contactInputs: new Set(contactInputs(DEFAULT_PROGRAM)),
};

function aPropertyChange(overrides: Partial<PropertyChangeEvent> = {}): PropertyChangeEvent {
  return {
    kind: 'propertyChange',
    portalId: '1',
    subscriptionType: 'company.propertyChange',
    changeSource: 'CRM_UI',
    sourceId: 'userId:7',
    occurredAt: 0,
    object: 'company',
    objectId: '100',
    propertyName: 'pe_foundation_complete',
    ...overrides,
  };
}

function anAssociationChange(overrides: Partial<AssociationChangeEvent> = {}): AssociationChangeEvent {
  return {
    kind: 'associationChange',
    portalId: '1',
    subscriptionType: 'contact.associationChange',
    changeSource: 'CRM_UI',
    sourceId: 'userId:7',
    occurredAt: 0,
    from: { object: 'contact', id: '200' },
    to: { object: 'company', id: '100' },
    removed: false,
    ...overrides,
  };
}

const plan = (events: WebhookEvent[]) => planRecalculations(events, filter);

describe('planRecalculations', () => {
  it('queues a company whose input changed, once however many events name it', () => {
    const result = plan([aPropertyChange(), aPropertyChange({ propertyName: 'pe_target_tier' }), aPropertyChange()]);

    expect(result.companies).toEqual(new Map([['1', new Set(['100'])]]));
    expect(result.accepted).toEqual({ company: 3, contact: 0 });
  });

  it('queues a contact whose role or certification date changed', () => {
    const result = plan([
      aPropertyChange({ object: 'contact', objectId: '200', propertyName: 'pe_partner_role' }),
      aPropertyChange({ object: 'contact', objectId: '201', propertyName: 'pe_cert_master_partner_earned_on' }),
    ]);

    expect(result.contacts).toEqual(new Map([['1', new Set(['200', '201'])]]));
    expect(result.companies.size).toBe(0);
  });

  it('drops outputs and properties the app does not read', () => {
    const result = plan([
      aPropertyChange({ propertyName: 'pe_readiness_score' }),
      aPropertyChange({ propertyName: 'name' }),
      aPropertyChange({ object: 'contact', propertyName: 'pe_valid_certifications' }),
    ]);

    expect(result.ignored.not_an_input).toBe(3);
    expect(result.companies.size + result.contacts.size).toBe(0);
  });

  it('drops the app\'s own writes but keeps other integrations\' and users\'', () => {
    const result = plan([
      aPropertyChange({ objectId: '1', changeSource: 'INTEGRATION', sourceId: '16111050' }),
      aPropertyChange({ objectId: '2', changeSource: 'INTEGRATION', sourceId: '42' }),
      aPropertyChange({ objectId: '3', changeSource: 'API', sourceId: '16111050' }),
    ]);

    expect(result.ignored.own_write).toBe(1);
    expect(result.companies.get('1')).toEqual(new Set(['2', '3']));
  });

  it('drops nothing as an own write when HUBSPOT_APP_ID is not set', () => {
    const result = planRecalculations([aPropertyChange({ changeSource: 'INTEGRATION', sourceId: '16111050' })], { ...filter, appId: undefined });

    expect(result.ignored.own_write).toBe(0);
    expect(result.accepted.company).toBe(1);
  });

  it('queues the company of a contact association added or removed, from either end', () => {
    const result = plan([
      anAssociationChange(),
      anAssociationChange({ from: { object: 'company', id: '101' }, to: { object: 'contact', id: '200' }, removed: true }),
    ]);

    expect(result.companies.get('1')).toEqual(new Set(['100', '101']));
  });

  it('ignores associations that do not join a contact and a company', () => {
    const result = plan([anAssociationChange({ to: { object: 'other', id: '9' } })]);

    expect(result.ignored.unsupported_object).toBe(1);
  });

  it('counts events of other subscription types and other objects as ignored', () => {
    const other: WebhookEvent = { kind: 'other', portalId: '1', subscriptionType: 'contact.creation', changeSource: undefined, sourceId: undefined, occurredAt: undefined };
    const result = plan([other, aPropertyChange({ object: 'other', propertyName: 'pe_tier' })]);

    expect(result.ignored).toEqual({ own_write: 0, not_an_input: 0, unsupported_subscription: 1, unsupported_object: 1 });
  });

  it('keeps portals apart', () => {
    const result = plan([aPropertyChange({ portalId: '1' }), aPropertyChange({ portalId: '2' })]);

    expect([...result.companies.keys()].sort()).toEqual(['1', '2']);
  });
});
