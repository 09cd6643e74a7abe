import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWebhooksMeta } from '../../../scripts/hubspot-app/build-webhooks-meta.js';
import { checkWebhookSubscriptions } from '../../../scripts/hubspot-app/check-webhook-subscriptions.js';
import { COMPANY_INCENTIVE_OUTPUTS, COMPANY_INPUTS, COMPANY_OUTPUTS, contactInputs, contactOutputs, DEAL_INPUTS, DEAL_OUTPUTS } from '../../../src/hubspot/property-names.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Program } from '../../../src/program/program-schema.js';
import { PROJECT_DIR } from './project-copy.js';

interface Subscription {
  subscriptionType: string;
  objectType: string;
  propertyName?: string;
  active: boolean;
}

async function checkedInWebhooks(): Promise<{ uid: string; config: { settings: { targetUrl: string }; subscriptions: { crmObjects: Subscription[] } } }> {
  return JSON.parse(await readFile(path.join(PROJECT_DIR, 'extensions/app/webhooks/webhooks-hsmeta.json'), 'utf8'));
}

function propertyNames(subscriptions: Subscription[], objectType: string): string[] {
  return subscriptions
    .filter((s) => s.subscriptionType === 'object.propertyChange' && s.objectType === objectType)
    .map((s) => s.propertyName ?? '');
}

describe('webhook subscriptions', () => {
  it('subscribe to exactly the company inputs, and the name, domain and website the conflict-check index follows', async () => {
    const { config } = await checkedInWebhooks();

    expect(propertyNames(config.subscriptions.crmObjects, 'company')).toEqual([...COMPANY_INPUTS, 'name', 'domain', 'website']);
  });

  it('subscribe to exactly the contact inputs of the program', async () => {
    const { config } = await checkedInWebhooks();

    expect(propertyNames(config.subscriptions.crmObjects, 'contact')).toEqual(contactInputs(DEFAULT_PROGRAM));
  });

  it('subscribe to contact–company association changes', async () => {
    const { config } = await checkedInWebhooks();

    expect(config.subscriptions.crmObjects).toContainEqual({ subscriptionType: 'object.associationChange', objectType: 'company', active: true });
  });

  it('subscribe to none of the outputs', async () => {
    const { config } = await checkedInWebhooks();
    const subscribed = config.subscriptions.crmObjects.map((s) => s.propertyName);

    for (const output of [...COMPANY_OUTPUTS, ...COMPANY_INCENTIVE_OUTPUTS, ...contactOutputs(DEFAULT_PROGRAM), ...DEAL_OUTPUTS]) expect(subscribed).not.toContain(output);
  });

  it('subscribe to the deal inputs, the stage and pipeline, the amount and close date, and no other deal property', async () => {
    const { config } = await checkedInWebhooks();

    expect(propertyNames(config.subscriptions.crmObjects, 'deal')).toEqual([...DEAL_INPUTS, 'dealstage', 'pipeline', 'amount', 'closedate']);
  });

  it('subscribe to deals created, deleted and associated', async () => {
    const { config } = await checkedInWebhooks();

    for (const subscriptionType of ['object.creation', 'object.deletion', 'object.associationChange']) {
      expect(config.subscriptions.crmObjects).toContainEqual({ subscriptionType, objectType: 'deal', active: true });
    }
  });

  it('send to the backend origin of the upload profile, not a hard-coded host', async () => {
    const { config } = await checkedInWebhooks();

    expect(config.settings.targetUrl).toBe('${PUBLIC_BASE_URL}/hubspot/webhooks');
  });

  it("follow the program's certification catalogue", () => {
    const program: Program = {
      ...DEFAULT_PROGRAM,
      certifications: { ...DEFAULT_PROGRAM.certifications, cloud_specialist: { name: 'Cloud Specialist', assessments: '1 exam', validityYears: 2, renewal: '1 exam' } },
    };

    const { config } = buildWebhooksMeta(program);

    expect(propertyNames(config.subscriptions.crmObjects as Subscription[], 'contact')).toContain('pe_cert_cloud_specialist_earned_on');
  });
});

describe('checkWebhookSubscriptions', () => {
  it('finds nothing wrong with the generated subscriptions', () => {
    expect(checkWebhookSubscriptions(buildWebhooksMeta().config)).toEqual([]);
  });

  it('reports a subscription to a contact output', () => {
    const { config } = buildWebhooksMeta();
    config.subscriptions.crmObjects.push({
      subscriptionType: 'object.propertyChange',
      objectType: 'contact',
      propertyName: 'pe_valid_certifications',
      active: true,
    });

    expect(checkWebhookSubscriptions(config)).toEqual([
      "webhooks subscribe to the output property contact pe_valid_certifications: the app's own writes would trigger it again",
    ]);
  });

  it('reports an input that is not subscribed or not active', () => {
    const { config } = buildWebhooksMeta();
    config.subscriptions.crmObjects = config.subscriptions.crmObjects.map((s) =>
      s.subscriptionType === 'object.propertyChange' && s.propertyName === 'pe_timezone' ? { ...s, active: false as true } : s,
    );

    expect(checkWebhookSubscriptions(config)).toEqual(['webhooks do not subscribe to the company input pe_timezone']);
  });

  it('reports missing association changes', () => {
    const { config } = buildWebhooksMeta();
    config.subscriptions.crmObjects = config.subscriptions.crmObjects.filter((s) => !(s.subscriptionType === 'object.associationChange' && s.objectType === 'company'));

    expect(checkWebhookSubscriptions(config)).toEqual(['webhooks do not subscribe to contact–company association changes']);
  });

  it('reports a subscription to a registration output', () => {
    const { config } = buildWebhooksMeta();
    config.subscriptions.crmObjects.push({ subscriptionType: 'object.propertyChange', objectType: 'deal', propertyName: 'pe_registration_status', active: true });

    expect(checkWebhookSubscriptions(config)).toEqual([
      "webhooks subscribe to the output property deal pe_registration_status: the app's own writes would trigger it again",
    ]);
  });

  it('reports deal inputs and deal events registration needs when they are missing', () => {
    const { config } = buildWebhooksMeta();
    config.subscriptions.crmObjects = config.subscriptions.crmObjects.filter(
      (s) => s.objectType !== 'deal' || (s.subscriptionType === 'object.propertyChange' && s.propertyName === 'pe_strategic'),
    );

    expect(checkWebhookSubscriptions(config)).toEqual([
      'webhooks do not subscribe to the deal input pe_partner_company_id',
      'webhooks do not subscribe to the deal input pe_product_line',
      "webhooks do not subscribe to deal dealstage changes, which decide a registration's outcome",
      "webhooks do not subscribe to deal pipeline changes, which decide a registration's outcome",
      "webhooks do not subscribe to deal amount changes, which move a partner's revenue",
      "webhooks do not subscribe to deal closedate changes, which move a partner's revenue",
      'webhooks do not subscribe to deal creation (the direct-deal guard needs it)',
      'webhooks do not subscribe to deal deletion (a deleted registration deal must leave the conflict index)',
      'webhooks do not subscribe to deal association changes (a deal newly associated with a protected customer)',
    ]);
  });
});
