import type { IgnoredReason } from '../metrics.js';
import type { AssociationChangeEvent, PropertyChangeEvent, WebhookEvent } from './parse-webhook-events.js';

/** What decides whether an event matters. */
export interface EventFilter {
  /** `HUBSPOT_APP_ID`: `INTEGRATION` changes with this `sourceId` are the app's own writes. */
  appId: string | undefined;
  /** Company properties the app reads (`COMPANY_INPUTS`). */
  companyInputs: ReadonlySet<string>;
  /** Contact properties the app reads (`contactInputs(program)`). */
  contactInputs: ReadonlySet<string>;
}

/** What a webhook request asks for: ids per portal, and the count of what was dropped and why. */
export interface RecalculationPlan {
  /** Portal id → companies to recalculate. */
  companies: Map<string, Set<string>>;
  /** Portal id → contacts whose partner companies must be recalculated. */
  contacts: Map<string, Set<string>>;
  /** Events that led to a company or a contact being queued, by object. */
  accepted: { company: number; contact: number };
  ignored: Record<IgnoredReason, number>;
}

/**
 * Decides what each event asks for. Kept: a change to a company input, a change to a contact
 * input (the contact's partners are looked up later), and a contact–company association added
 * or removed (the company's set of people changed). Dropped: the app's own writes, properties
 * the app does not read, other objects and subscription types.
 */
export function planRecalculations(events: WebhookEvent[], filter: EventFilter): RecalculationPlan {
  const plan: RecalculationPlan = {
    companies: new Map(),
    contacts: new Map(),
    accepted: { company: 0, contact: 0 },
    ignored: { own_write: 0, not_an_input: 0, unsupported_subscription: 0, unsupported_object: 0 },
  };
  for (const event of events) {
    const outcome = decide(event, filter);
    if (typeof outcome === 'string') {
      plan.ignored[outcome] += 1;
      continue;
    }
    const target = outcome.object === 'company' ? plan.companies : plan.contacts;
    let ids = target.get(event.portalId);
    if (ids === undefined) {
      ids = new Set<string>();
      target.set(event.portalId, ids);
    }
    ids.add(outcome.id);
    plan.accepted[outcome.object] += 1;
  }
  return plan;
}

type Decision = IgnoredReason | { object: 'company' | 'contact'; id: string };

function decide(event: WebhookEvent, filter: EventFilter): Decision {
  if (event.kind === 'other') return 'unsupported_subscription';
  if (isOwnWrite(event, filter.appId)) return 'own_write';
  return event.kind === 'propertyChange' ? decideProperty(event, filter) : decideAssociation(event);
}

function isOwnWrite(event: PropertyChangeEvent | AssociationChangeEvent, appId: string | undefined): boolean {
  return appId !== undefined && event.changeSource === 'INTEGRATION' && event.sourceId === appId;
}

function decideProperty(event: PropertyChangeEvent, filter: EventFilter): Decision {
  if (event.object === 'other') return 'unsupported_object';
  const inputs = event.object === 'company' ? filter.companyInputs : filter.contactInputs;
  if (!inputs.has(event.propertyName)) return 'not_an_input';
  return { object: event.object, id: event.objectId };
}

function decideAssociation(event: AssociationChangeEvent): Decision {
  const company = [event.from, event.to].find((end) => end.object === 'company');
  const contact = [event.from, event.to].find((end) => end.object === 'contact');
  if (!company || !contact) return 'unsupported_object';
  // Added or removed, the company's people changed: recalculate the company itself.
  return { object: 'company', id: company.id };
}
