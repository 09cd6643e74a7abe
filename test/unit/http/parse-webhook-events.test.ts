import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { MAX_EVENTS_DESCRIBED, parseWebhookEvents } from '../../../src/http/parse-webhook-events.js';
import { acceptedBodies, refusedBodies } from './webhook-event-fixtures.js';

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
    const [event] = parseWebhookEvents(acceptedBodies.legacyCompanyChange);

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
    const events = parseWebhookEvents(acceptedBodies.genericPropertyChanges);

    expect(events.map((e) => (e.kind === 'propertyChange' ? e.object : e.kind))).toEqual(['company', 'contact', 'other']);
  });

  it('turns a numeric sourceId into a string, to compare with HUBSPOT_APP_ID', () => {
    const [event] = parseWebhookEvents(acceptedBodies.numericSourceId);

    expect(event?.sourceId).toBe('16111050');
  });

  it('reads both ends of a legacy contact association change', () => {
    const [event] = parseWebhookEvents(acceptedBodies.legacyContactAssociation);

    expect(event).toMatchObject({ kind: 'associationChange', from: { object: 'contact', id: '11' }, to: { object: 'company', id: '22' }, removed: true });
  });

  it('reads the target of a labelled association from its type id', () => {
    const [event] = parseWebhookEvents(acceptedBodies.labelledAssociation);

    expect(event).toMatchObject({ from: { object: 'company', id: '22' }, to: { object: 'contact', id: '11' }, removed: false });
  });

  it('reads both ends of a generic association change from their type ids', () => {
    const [event] = parseWebhookEvents(acceptedBodies.genericAssociation);

    expect(event).toMatchObject({ from: { object: 'company', id: '22' }, to: { object: 'contact', id: '11' } });
  });

  it('passes events of other subscription types through as other', () => {
    const [event] = parseWebhookEvents(acceptedBodies.otherSubscription);

    expect(event).toMatchObject({ kind: 'other', subscriptionType: 'contact.creation', portalId: '62515' });
  });

  it('refuses a body that is not an array', () => {
    expect(isAppError(parseError(refusedBodies.notAnArray), 'INVALID_INPUT')).toBe(true);
  });

  it('names each malformed event by its index and field', () => {
    const error = parseError(refusedBodies.malformedEvents);

    expect((error as Error).message).toMatch(/\[1\]\.objectId/);
    expect((error as Error).message).toMatch(/\[2\]\.objectTypeId/);
  });

  it('refuses an association change without its ends', () => {
    expect(isAppError(parseError(refusedBodies.associationWithoutEnds), 'INVALID_INPUT')).toBe(true);
  });

  it('refuses an event whose portalId is not a number', () => {
    expect(isAppError(parseError(refusedBodies.portalIdNotANumber), 'INVALID_INPUT')).toBe(true);
  });

  it('describes at most twenty malformed events and counts the rest', () => {
    const numbers = Array.from({ length: 200_001 }, (_, index) => index);

    const error = parseError(numbers) as Error;

    expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
    const described = error.message.match(/\[\d+\]/g) ?? [];
    expect(described).toHaveLength(MAX_EVENTS_DESCRIBED);
    expect(described.at(-1)).toBe(`[${MAX_EVENTS_DESCRIBED - 1}]`);
    expect(error.message).toMatch(/and 199981 more malformed events$/);
    expect(error.message.length).toBeLessThan(4_000);
  });

  it('counts only the malformed events beyond the twentieth, not the well-formed ones', () => {
    const good = acceptedBodies.legacyCompanyChange[0];
    const body = [...Array.from({ length: 25 }, () => 'not an event'), good, good, 'not an event either'];

    const error = parseError(body) as Error;

    expect(error.message).toMatch(/and 6 more malformed events$/);
  });
});
