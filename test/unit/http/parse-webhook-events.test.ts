import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { parseWebhookEvents } from '../../../src/http/parse-webhook-events.js';

const base = { eventId: 1, subscriptionId: 2, portalId: 62515, appId: 16111050, occurredAt: 1752613920733, attemptNumber: 0 };

function parseError(body: unknown): unknown {
  try {
    parseWebhookEvents(body);
  } catch (error) {
    return error;
  }
  throw new Error('expected parseWebhookEvents to throw');
}

describe('parseWebhookEvents', () => {
  it('reads a legacy company property change', () => {
    const [event] = parseWebhookEvents([
      { ...base, subscriptionType: 'company.propertyChange', objectId: 1246965, propertyName: 'pe_tier', propertyValue: 'gold', changeSource: 'CRM_UI', sourceId: 'userId:1' },
    ]);

    expect(event).toEqual({
      kind: 'propertyChange',
      portalId: '62515',
      subscriptionType: 'company.propertyChange',
      changeSource: 'CRM_UI',
      sourceId: 'userId:1',
      occurredAt: 1752613920733,
      object: 'company',
      objectId: '1246965',
      propertyName: 'pe_tier',
    });
  });

  it('reads the object of a generic property change from objectTypeId', () => {
    const events = parseWebhookEvents([
      { ...base, subscriptionType: 'object.propertyChange', objectTypeId: '0-2', objectId: 1, propertyName: 'pe_is_partner', propertyValue: 'true' },
      { ...base, subscriptionType: 'object.propertyChange', objectTypeId: '0-1', objectId: 2, propertyName: 'pe_partner_role', propertyValue: 'sales' },
      { ...base, subscriptionType: 'object.propertyChange', objectTypeId: '0-3', objectId: 3, propertyName: 'amount', propertyValue: '10' },
    ]);

    expect(events.map((e) => (e.kind === 'propertyChange' ? e.object : e.kind))).toEqual(['company', 'contact', 'other']);
  });

  it('turns a numeric sourceId into a string, to compare with HUBSPOT_APP_ID', () => {
    const [event] = parseWebhookEvents([
      { ...base, subscriptionType: 'company.propertyChange', objectId: 1, propertyName: 'pe_tier', changeSource: 'INTEGRATION', sourceId: 16111050 },
    ]);

    expect(event?.sourceId).toBe('16111050');
  });

  it('reads both ends of a legacy contact association change', () => {
    const [event] = parseWebhookEvents([
      { ...base, subscriptionType: 'contact.associationChange', associationType: 'CONTACT_TO_COMPANY', fromObjectId: 11, toObjectId: 22, associationRemoved: true, isPrimaryAssociation: false },
    ]);

    expect(event).toMatchObject({ kind: 'associationChange', from: { object: 'contact', id: '11' }, to: { object: 'company', id: '22' }, removed: true });
  });

  it('reads the target of a labelled association from its type id', () => {
    const [event] = parseWebhookEvents([
      { ...base, subscriptionType: 'company.associationChange', associationTypeId: 280, fromObjectId: 22, toObjectId: 11 },
    ]);

    expect(event).toMatchObject({ from: { object: 'company', id: '22' }, to: { object: 'contact', id: '11' }, removed: false });
  });

  it('reads both ends of a generic association change from their type ids', () => {
    const [event] = parseWebhookEvents([
      { ...base, subscriptionType: 'object.associationChange', fromObjectTypeId: '0-2', toObjectTypeId: '0-1', fromObjectId: 22, toObjectId: 11, associationRemoved: false },
    ]);

    expect(event).toMatchObject({ from: { object: 'company', id: '22' }, to: { object: 'contact', id: '11' } });
  });

  it('passes events of other subscription types through as other', () => {
    const [event] = parseWebhookEvents([{ ...base, subscriptionType: 'contact.creation', objectId: 5, changeFlag: 'CREATED' }]);

    expect(event).toMatchObject({ kind: 'other', subscriptionType: 'contact.creation', portalId: '62515' });
  });

  it('refuses a body that is not an array', () => {
    expect(isAppError(parseError({ events: [] }), 'INVALID_INPUT')).toBe(true);
  });

  it('names each malformed event by its index and field', () => {
    const error = parseError([
      { ...base, subscriptionType: 'company.propertyChange', objectId: 1, propertyName: 'pe_tier' },
      { ...base, subscriptionType: 'company.propertyChange', propertyName: 'pe_tier' },
      { ...base, subscriptionType: 'object.propertyChange', objectId: 3, propertyName: 'pe_tier' },
    ]);

    expect((error as Error).message).toMatch(/\[1\]\.objectId/);
    expect((error as Error).message).toMatch(/\[2\]\.objectTypeId/);
  });

  it('refuses an association change without its ends', () => {
    expect(isAppError(parseError([{ ...base, subscriptionType: 'contact.associationChange', fromObjectId: 1 }]), 'INVALID_INPUT')).toBe(true);
  });

  it('refuses an event whose portalId is not a number', () => {
    expect(isAppError(parseError([{ ...base, portalId: 'acme', subscriptionType: 'contact.creation' }]), 'INVALID_INPUT')).toBe(true);
  });
});
