import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { evaluatePartner } from '../../../src/domain/evaluate-partner.js';
import { readPartnerSnapshot } from '../../../src/hubspot/read-partner-snapshot.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { buildDemoPortal } from '../../../src/sandbox/demo-portal.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY, useSandbox, withSandbox } from '../../support/sandbox-fixture.js';

const { sandbox } = useSandbox({ seed: 'demo', today: SANDBOX_TODAY });

function evaluateSeeded(box: Sandbox, partner: Sandbox['seed']['partners'][number]) {
  const company = box.store.getCompany(partner.id)!;
  const contacts = partner.contactIds.map((id) => box.store.getContact(id)!);
  const { snapshot, warnings } = readPartnerSnapshot(company, contacts, DEFAULT_PROGRAM);
  return { evaluation: evaluatePartner(snapshot, DEFAULT_PROGRAM, SANDBOX_TODAY), warnings };
}

describe('the demo portal', () => {
  it('holds no certification earned after today (those count for nothing)', () => {
    const portal = buildDemoPortal(DEFAULT_PROGRAM, SANDBOX_TODAY);
    const earnedDates = portal.companies.flatMap((company) =>
      company.contacts.flatMap((contact) => Object.entries(contact.properties).filter(([name]) => name.endsWith('_earned_on')).map(([, value]) => value)),
    );

    expect(earnedDates.length).toBeGreaterThan(0);
    expect(earnedDates.filter((date) => date > SANDBOX_TODAY)).toEqual([]);
  });

  it('is the same for the same today', () => {
    expect(buildDemoPortal(DEFAULT_PROGRAM, SANDBOX_TODAY)).toEqual(buildDemoPortal(DEFAULT_PROGRAM, SANDBOX_TODAY));
  });

  it('gives two sandboxes of the same day the same ids and values', async () => {
    await withSandbox({ seed: 'demo', today: SANDBOX_TODAY, subscriptions: [] }, async (other) => {
      const strip = (box: Sandbox) =>
        box.store.listRecords('companies').map((r) => {
          const { createdate: _c, hs_lastmodifieddate: _m, ...rest } = r.properties;
          return { id: r.id, rest };
        });
      expect(strip(other)).toEqual(strip(sandbox()));
    });
  });

  it('has between 24 and 36 partners and a few non-partners', () => {
    expect(sandbox().seed.partners.length).toBeGreaterThanOrEqual(24);
    expect(sandbox().seed.partners.length).toBeLessThanOrEqual(36);
    expect(sandbox().seed.nonPartnerIds.length).toBeGreaterThanOrEqual(2);
  });

  it('puts every partner in the tier it was built for, by the product rules', () => {
    for (const partner of sandbox().seed.partners) {
      expect({ name: partner.name, tier: evaluateSeeded(sandbox(), partner).evaluation.tier }).toEqual({ name: partner.name, tier: partner.expectedTier });
    }
  });

  it('spreads partners over every tier', () => {
    expect(new Set(sandbox().seed.partners.map((p) => p.expectedTier))).toEqual(new Set(['none', 'bronze', 'silver', 'gold', 'platinum']));
  });

  it('holds certifications in every status: active, expiring, grace and expired', () => {
    const statuses = new Set(sandbox().seed.partners.flatMap((p) => evaluateSeeded(sandbox(), p).evaluation.certifications.map((c) => c.status)));
    expect(statuses).toEqual(new Set(['active', 'expiring', 'grace', 'expired']));
  });

  it('reads without warnings', () => {
    expect(sandbox().seed.partners.flatMap((p) => evaluateSeeded(sandbox(), p).warnings)).toEqual([]);
  });

  it('uses several partner types, a zone with daylight saving time, and partners with no zone', () => {
    const companies = sandbox().seed.partners.map((p) => sandbox().store.getCompany(p.id)!.properties);
    expect(new Set(companies.map((c) => c.pe_partner_type)).size).toBeGreaterThanOrEqual(4);
    const zones = companies.map((c) => c.pe_timezone).filter((z): z is string => z !== undefined);
    const observesDst = (zone: string) => DateTime.fromISO('2026-01-15', { zone }).offset !== DateTime.fromISO('2026-07-15', { zone }).offset;
    expect(zones.some(observesDst)).toBe(true);
    expect(companies.some((c) => c.pe_timezone === undefined)).toBe(true);
  });

  it('gives contacts roles, owners to companies, and leaves every output empty', () => {
    const contacts = sandbox().seed.partners.flatMap((p) => p.contactIds.map((id) => sandbox().store.getContact(id)!.properties));
    expect(contacts.every((c) => c.pe_partner_role !== undefined)).toBe(true);
    const companies = sandbox().seed.partners.map((p) => sandbox().store.getCompany(p.id)!.properties);
    expect(companies.every((c) => sandbox().store.owners.some((o) => o.id === c.hubspot_owner_id))).toBe(true);
    expect(companies.some((c) => c.pe_tier !== undefined || c.pe_readiness_score !== undefined)).toBe(false);
    expect(contacts.some((c) => c.pe_valid_certifications !== undefined)).toBe(false);
  });

  it('has no app properties in an empty portal', async () => {
    await withSandbox({ seed: 'empty', subscriptions: [] }, async (empty) => {
      expect([...empty.store.raw.propertiesOf('companies').keys()].filter((n) => n.startsWith('pe_'))).toEqual([]);
      expect(empty.store.listRecords('companies')).toEqual([]);
    });
  });
});
