import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeObjectType, type ObjectType } from './property-catalog.js';

/** One subscription of the app, as the sandbox matches changes against it. */
export interface WebhookSubscription {
  /** Sent as `subscriptionId`. */
  id: number;
  /** As written in the hsmeta file: `object.propertyChange`, `company.propertyChange`, `object.associationChange`, … */
  subscriptionType: string;
  kind: 'propertyChange' | 'associationChange' | 'creation' | 'deletion';
  objectType: ObjectType;
  /** For property changes: exactly one property (HubSpot has no wildcards). */
  propertyName?: string;
  active: boolean;
}

export interface HsmetaWebhooks {
  targetUrl: string | undefined;
  maxConcurrentRequests: number | undefined;
  subscriptions: WebhookSubscription[];
}

/** Where the app's webhooks component lives (HUBSPOT-NOTES: `<srcDir>/app/webhooks/`). */
export const DEFAULT_WEBHOOKS_HSMETA = 'extensions/app/webhooks/webhooks-hsmeta.json';

const FIRST_SUBSCRIPTION_ID = 3_900_001;

/** A subscription as the hsmeta file writes it (`config.subscriptions.crmObjects[]`). */
export interface SubscriptionSpec {
  /** `object.propertyChange`, `object.associationChange`, `object.creation`, `object.deletion`, or legacy `company.propertyChange`… */
  subscriptionType: string;
  /** `company`, `contact` (the object.* form). HubSpot's older docs call it `objectName`; both are read. */
  objectType?: string;
  objectName?: string;
  propertyName?: string;
  active?: boolean;
}

/** Reads the app's `webhooks-hsmeta.json`; undefined when the file does not exist. */
export function loadWebhookSubscriptions(file = path.resolve(process.cwd(), DEFAULT_WEBHOOKS_HSMETA)): HsmetaWebhooks | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as {
    config?: {
      settings?: { targetUrl?: string; maxConcurrentRequests?: number };
      subscriptions?: { crmObjects?: SubscriptionSpec[]; legacyCrmObjects?: SubscriptionSpec[] };
    };
  };
  const config = parsed.config ?? {};
  const raw = [...(config.subscriptions?.crmObjects ?? []), ...(config.subscriptions?.legacyCrmObjects ?? [])];
  return {
    targetUrl: config.settings?.targetUrl,
    maxConcurrentRequests: config.settings?.maxConcurrentRequests,
    subscriptions: toSubscriptions(raw),
  };
}

/** Turns hsmeta-style entries into subscriptions; unknown object or event types are skipped. */
export function toSubscriptions(raw: SubscriptionSpec[]): WebhookSubscription[] {
  const subscriptions: WebhookSubscription[] = [];
  for (const entry of raw) {
    const subscriptionType = entry.subscriptionType ?? '';
    const [prefix, event] = subscriptionType.split('.');
    const objectName = prefix === 'object' ? (entry.objectType ?? entry.objectName) : prefix;
    const objectType = objectName ? normalizeObjectType(objectName) : undefined;
    const kind = event === 'propertyChange' || event === 'associationChange' || event === 'creation' || event === 'deletion' ? event : undefined;
    if (!objectType || !kind) continue;
    subscriptions.push({
      id: FIRST_SUBSCRIPTION_ID + subscriptions.length,
      subscriptionType,
      kind,
      objectType,
      ...(entry.propertyName ? { propertyName: entry.propertyName } : {}),
      active: entry.active !== false,
    });
  }
  return subscriptions;
}
