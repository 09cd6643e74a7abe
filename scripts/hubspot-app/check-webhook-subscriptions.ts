import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';
import type { Program } from '../../src/program/program-schema.js';
import {
  COMPANY_INPUTS,
  COMPANY_OUTPUTS,
  contactInputs,
  contactOutputs,
  DEAL_INPUTS,
  DEAL_OUTPUTS,
  DEAL_FIGURES_WATCHED,
  DEAL_STANDARD_WATCHED,
} from '../../src/hubspot/property-names.js';

interface Subscription {
  subscriptionType?: unknown;
  objectType?: unknown;
  propertyName?: unknown;
  active?: unknown;
}

/**
 * Problems with the webhook subscriptions against the property schema (docs/properties.md, "Who
 * writes what"): every company input, every contact input and the contact–company association
 * changes must be subscribed and active, and for deal registration the deal inputs, stage and
 * pipeline changes, deal creation, deletion and association changes; no output may be (the app
 * writes its outputs, so a subscription would loop).
 */
export function checkWebhookSubscriptions(webhooksConfig: unknown, program: Program = DEFAULT_PROGRAM): string[] {
  const crmObjects = (webhooksConfig as { subscriptions?: { crmObjects?: Subscription[] } } | null)?.subscriptions?.crmObjects ?? [];
  const subscribed = (objectType: string) =>
    new Set(
      crmObjects
        .filter((s) => s.subscriptionType === 'object.propertyChange' && s.objectType === objectType && s.active === true)
        .map((s) => String(s.propertyName)),
    );
  const company = subscribed('company');
  const contact = subscribed('contact');
  const deal = subscribed('deal');
  const problems: string[] = [];

  const outputs = [
    ...COMPANY_OUTPUTS.filter((name) => company.has(name)).map((name) => `company ${name}`),
    ...contactOutputs(program).filter((name) => contact.has(name)).map((name) => `contact ${name}`),
    ...DEAL_OUTPUTS.filter((name) => deal.has(name)).map((name) => `deal ${name}`),
  ];
  for (const output of outputs) problems.push(`webhooks subscribe to the output property ${output}: the app's own writes would trigger it again`);
  for (const name of COMPANY_INPUTS) if (!company.has(name)) problems.push(`webhooks do not subscribe to the company input ${name}`);
  for (const name of contactInputs(program)) if (!contact.has(name)) problems.push(`webhooks do not subscribe to the contact input ${name}`);
  for (const name of DEAL_INPUTS) if (!deal.has(name)) problems.push(`webhooks do not subscribe to the deal input ${name}`);
  for (const name of DEAL_STANDARD_WATCHED) if (!deal.has(name)) problems.push(`webhooks do not subscribe to deal ${name} changes, which decide a registration's outcome`);
  for (const name of DEAL_FIGURES_WATCHED) if (!deal.has(name)) problems.push(`webhooks do not subscribe to deal ${name} changes, which move a partner's revenue`);
  const dealEvent = (subscriptionType: string) =>
    crmObjects.some((s) => s.subscriptionType === subscriptionType && s.objectType === 'deal' && s.active === true);
  if (!dealEvent('object.creation')) problems.push('webhooks do not subscribe to deal creation (the direct-deal guard needs it)');
  if (!dealEvent('object.deletion')) problems.push('webhooks do not subscribe to deal deletion (a deleted registration deal must leave the conflict index)');
  if (!dealEvent('object.associationChange')) problems.push('webhooks do not subscribe to deal association changes (a deal newly associated with a protected customer)');

  const associations = crmObjects.some(
    (s) =>
      s.subscriptionType === 'object.associationChange' &&
      (s.objectType === 'company' || s.objectType === 'contact') &&
      s.active === true,
  );
  if (!associations) problems.push('webhooks do not subscribe to contact–company association changes');
  return problems;
}
