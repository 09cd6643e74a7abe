import { signV3 } from '../../src/hubspot/webhook-signature.js';
import { COMPANY_INPUTS, contactInputs } from '../../src/hubspot/property-names.js';
import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';
import { pick, randomInt, randomSource } from './random-source.js';
import type { PreparedRequest } from './send-concurrently.js';

export interface WebhookBatchOptions {
  /** Distinct request bodies. */
  batches: number;
  /** Events per body. Default 100 (HubSpot's most). */
  eventsPerBatch?: number;
  /** Companies the events are about. Default 2,000. */
  companies?: number;
  portalId: number;
  appId: string;
  /** The client secret the signatures are made with. */
  secret: string;
  /** The full URL HubSpot calls (the app's PUBLIC_BASE_URL + path): what the signature covers. */
  signedUrl: string;
  seed?: number;
}

const FIRST_COMPANY_ID = 31_000_000_001;
const FIRST_CONTACT_ID = 51_000_000_001;

/**
 * Request bodies as HubSpot sends them (`object.*` subscriptions, CRM_UI changes), signed v3 with
 * the current time: 85% company input changes, 10% contact input changes, 5% contact–company
 * associations added. Sign just before sending: HubSpot's timestamps are accepted for 5 minutes.
 */
export function signedWebhookBatches(options: WebhookBatchOptions): PreparedRequest[] {
  const random = randomSource(options.seed ?? 3);
  const perBatch = options.eventsPerBatch ?? 100;
  const companies = options.companies ?? 2_000;
  const contactProperties = contactInputs(DEFAULT_PROGRAM);
  const appId = Number(options.appId);
  let eventId = 700_000_001;
  const occurredAt = Date.now();
  const base = () => ({
    eventId: eventId++,
    subscriptionId: 3_900_001,
    portalId: options.portalId,
    appId,
    occurredAt: occurredAt - randomInt(random, 0, 5_000),
    attemptNumber: 0,
    changeSource: 'CRM_UI',
    sourceId: 'userId:9100001',
  });
  const companyId = () => FIRST_COMPANY_ID + randomInt(random, 0, companies - 1);
  const contactId = () => FIRST_CONTACT_ID + randomInt(random, 0, companies * 3 - 1);
  const event = (): Record<string, unknown> => {
    const roll = random();
    if (roll < 0.85) {
      return { ...base(), subscriptionType: 'object.propertyChange', objectTypeId: '0-2', objectId: companyId(), propertyName: pick(random, COMPANY_INPUTS), propertyValue: String(randomInt(random, 0, 10)) };
    }
    if (roll < 0.95) {
      return { ...base(), subscriptionType: 'object.propertyChange', objectTypeId: '0-1', objectId: contactId(), propertyName: pick(random, contactProperties), propertyValue: '2026-03-01' };
    }
    return {
      ...base(),
      subscriptionType: 'object.associationChange',
      objectTypeId: '0-1',
      associationType: 'CONTACT_TO_COMPANY',
      fromObjectId: contactId(),
      toObjectId: companyId(),
      associationRemoved: false,
      isPrimaryAssociation: false,
      fromObjectTypeId: '0-1',
      toObjectTypeId: '0-2',
      associationTypeId: 279,
      associationCategory: 'HUBSPOT_DEFINED',
    };
  };
  const timestamp = Date.now();
  return Array.from({ length: options.batches }, () => {
    const body = JSON.stringify(Array.from({ length: perBatch }, event));
    return {
      body: Buffer.from(body, 'utf8'),
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature-v3': signV3({ secret: options.secret, method: 'POST', url: options.signedUrl, body, timestamp }),
        'x-hubspot-request-timestamp': String(timestamp),
      },
    };
  });
}
