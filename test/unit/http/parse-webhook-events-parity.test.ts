import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { parseWebhookEventsWithSchema, type WebhookEvent } from '../../../src/http/parse-webhook-events.js';
import { readWebhookEvents } from '../../../src/http/read-webhook-events.js';
import { acceptedBodies, refusedBodies } from './webhook-event-fixtures.js';

/** What the zod schema makes of a body: its events, or `refused`. */
function schemaVerdict(body: unknown): WebhookEvent[] | 'refused' {
  try {
    return parseWebhookEventsWithSchema(body);
  } catch (error) {
    if (isAppError(error, 'INVALID_INPUT')) return 'refused';
    throw error;
  }
}

function fastVerdict(body: unknown): WebhookEvent[] | 'refused' {
  return readWebhookEvents(body) ?? 'refused';
}

const fixtures = Object.entries({ ...acceptedBodies, ...refusedBodies });

// Values a field may wrongly (or rightly) hold, to put into every field of every fixture event.
const VALUES: unknown[] = [undefined, null, '', 'abc', '12', '0-2', 'CONTACT_TO_COMPANY', -1, 0, 1.5, 12, 2 ** 53, true, {}, []];
const FIELDS = [
  'subscriptionType',
  'portalId',
  'occurredAt',
  'changeSource',
  'sourceId',
  'objectId',
  'propertyName',
  'propertyValue',
  'objectTypeId',
  'fromObjectId',
  'toObjectId',
  'associationRemoved',
  'associationType',
  'associationTypeId',
  'fromObjectTypeId',
  'toObjectTypeId',
];
const SUBSCRIPTION_TYPES = ['company.propertyChange', 'object.propertyChange', 'contact.associationChange', 'object.associationChange', 'deal.creation'];

/** Every fixture event with one field changed to each value (and each subscription type). */
function mutations(): Array<[string, unknown[]]> {
  const cases: Array<[string, unknown[]]> = [];
  for (const [name, body] of Object.entries(acceptedBodies)) {
    body.forEach((event: Record<string, unknown>, index: number) => {
      for (const field of FIELDS) {
        for (const value of [...VALUES, ...(field === 'subscriptionType' ? SUBSCRIPTION_TYPES : [])]) {
          const mutated = { ...event, [field]: value };
          if (value === undefined) delete mutated[field];
          cases.push([`${name}[${index}].${field} = ${JSON.stringify(value)}`, [mutated]]);
        }
      }
    });
  }
  return cases;
}

describe('the fast webhook check and the zod schema', () => {
  it.each(fixtures)('agree on the fixture %s', (_name, body) => {
    expect(fastVerdict(body)).toStrictEqual(schemaVerdict(body));
  });

  it('agree on every fixture event with one field changed', () => {
    const disagreements = mutations()
      .filter(([, body]) => !isDeepStrictEqual(fastVerdict(body), schemaVerdict(body)))
      .map(([name]) => name);

    expect(disagreements).toEqual([]);
  });

  it('accept the accepted fixtures and refuse the refused ones', () => {
    expect(Object.values(acceptedBodies).map((body) => fastVerdict(body) !== 'refused')).not.toContain(false);
    expect(Object.values(refusedBodies).map((body) => fastVerdict(body))).toEqual(Object.values(refusedBodies).map(() => 'refused'));
  });
});

