import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { DEMO_TODAY, startRecalculationRig, type RecalculationRig } from './recalculation-harness.js';

const redisUrl = inject('redisUrl');
let rig: RecalculationRig | undefined;

afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('a certification earned after today, through a recalculation against HubSpot', () => {
  it('is not counted in the tier written to HubSpot, and is logged as a warning for the company', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    rig = await startRecalculationRig(redisUrl, { recalculator: { logger: createLogger({ level: 'warn', destination: stream }) } });
    const { sandbox } = rig;
    const companyId = sandbox.ui.createCompany({
      name: 'Future Dates Ltd',
      pe_is_partner: 'true',
      pe_foundation_complete: 'true',
      pe_sales_modules_completed: '8',
      pe_technical_modules_completed: '10',
      pe_advanced_modules_completed: '6',
      pe_last_enablement_activity: '2026-11-01',
      pe_timezone: 'UTC',
    });
    const certified = sandbox.ui.createContact({ firstname: 'Ada', pe_partner_role: 'sales', pe_cert_sales_fundamentals_earned_on: '2026-02-01' });
    const typo = sandbox.ui.createContact({
      firstname: 'Grace',
      pe_partner_role: 'se',
      pe_cert_technical_associate_earned_on: '2027-02-01',
      pe_cert_solution_architect_earned_on: '2027-03-01',
      pe_cert_master_partner_earned_on: '2036-11-01',
    });
    sandbox.ui.associate(certified, companyId);
    sandbox.ui.associate(typo, companyId);

    await rig.recalculator.recalculatePartners(rig.portalId, [companyId]);

    // Four dates, one of them real: silver (one valid certification), not platinum.
    expect(sandbox.store.getCompany(companyId)!.properties).toMatchObject({ pe_tier: 'silver', pe_valid_certifications: '1' });
    expect(sandbox.store.getContact(typo)!.properties).toMatchObject({ pe_valid_certifications: '0' });
    expect(sandbox.store.getContact(typo)!.properties.pe_cert_technical_associate_expires_on ?? '').toBe('');
    const warnings = chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { companyId?: string; warnings?: string[] })
      .filter((line) => line.companyId === companyId)
      .flatMap((line) => line.warnings ?? []);
    expect(warnings).toEqual([
      `contact ${typo}: certification technical_associate earned on 2027-02-01, after today (${DEMO_TODAY}); not counted until then`,
      `contact ${typo}: certification solution_architect earned on 2027-03-01, after today (${DEMO_TODAY}); not counted until then`,
      `contact ${typo}: certification master_partner earned on 2036-11-01, after today (${DEMO_TODAY}); not counted until then`,
    ]);
  });
});
