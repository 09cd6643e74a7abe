import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';
import type { Program } from '../../src/program/program-schema.js';
import { COMPANY_INPUTS, COMPANY_STANDARD_WATCHED, contactInputs, DEAL_FIGURES_WATCHED, DEAL_INPUTS, DEAL_STANDARD_WATCHED } from '../../src/hubspot/property-names.js';
import { backendUrl } from './profile-variables.js';

/** One entry of `config.subscriptions.crmObjects` in `webhooks-hsmeta.json`. */
export type CrmObjectSubscription =
  | { subscriptionType: 'object.propertyChange'; objectType: 'company' | 'contact' | 'deal'; propertyName: string; active: true }
  | { subscriptionType: 'object.associationChange'; objectType: 'company' | 'deal'; active: true }
  | { subscriptionType: 'object.creation' | 'object.deletion'; objectType: 'company' | 'deal'; active: true };

export interface WebhooksMeta {
  uid: string;
  type: 'webhooks';
  config: {
    settings: { targetUrl: string; maxConcurrentRequests: number };
    subscriptions: {
      crmObjects: CrmObjectSubscription[];
      legacyCrmObjects: never[];
      hubEvents: never[];
    };
  };
}

export const WEBHOOKS_UID = 'partner-enablement-webhooks';

/**
 * The webhooks component, derived from the property schema: one property-change subscription per
 * company input and per contact input (HubSpot allows no wildcards), plus the company's
 * creation, deletion, name, domain and website (the conflict-check index follows customers by
 * domain and name), plus the company's association changes, which is where a contact joining or leaving a partner shows up. For deal
 * registration, deals created and deleted, changes to the deal inputs and to the stage and
 * pipeline (a registration won or lost, a deal moved into another pipeline), and the deal's
 * association changes (a deal newly associated with a customer: docs/registrations.md, "Direct
 * deals"). Outputs are never subscribed: the app writes them, and a subscription would feed its
 * own writes back to it.
 */
export function buildWebhooksMeta(program: Program = DEFAULT_PROGRAM): WebhooksMeta {
  const company = [...COMPANY_INPUTS, ...COMPANY_STANDARD_WATCHED].map(
    (propertyName): CrmObjectSubscription => ({
      subscriptionType: 'object.propertyChange',
      objectType: 'company',
      propertyName,
      active: true,
    }),
  );
  const contact = contactInputs(program).map(
    (propertyName): CrmObjectSubscription => ({
      subscriptionType: 'object.propertyChange',
      objectType: 'contact',
      propertyName,
      active: true,
    }),
  );
  const deal = [...DEAL_INPUTS, ...DEAL_STANDARD_WATCHED, ...DEAL_FIGURES_WATCHED].map(
    (propertyName): CrmObjectSubscription => ({
      subscriptionType: 'object.propertyChange',
      objectType: 'deal',
      propertyName,
      active: true,
    }),
  );
  return {
    uid: WEBHOOKS_UID,
    type: 'webhooks',
    config: {
      settings: { targetUrl: backendUrl('/hubspot/webhooks'), maxConcurrentRequests: 10 },
      subscriptions: {
        crmObjects: [
          ...company,
          ...contact,
          { subscriptionType: 'object.associationChange', objectType: 'company', active: true },
          { subscriptionType: 'object.creation', objectType: 'company', active: true },
          { subscriptionType: 'object.deletion', objectType: 'company', active: true },
          { subscriptionType: 'object.creation', objectType: 'deal', active: true },
          ...deal,
          { subscriptionType: 'object.deletion', objectType: 'deal', active: true },
          { subscriptionType: 'object.associationChange', objectType: 'deal', active: true },
        ],
        legacyCrmObjects: [],
        hubEvents: [],
      },
    },
  };
}
