import { describe, expect, it } from 'vitest';
import { readPartnerSnapshot } from '../../../src/hubspot/property-mapping.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aCompanyRecord, aContactRecord } from '../../support/hubspot-record-factories.js';

const program = DEFAULT_PROGRAM;

function readCompany(properties: Record<string, string | null>) {
  return readPartnerSnapshot(aCompanyRecord(properties, '501'), [], program);
}

function readContact(properties: Record<string, string | null>, companyProperties: Record<string, string | null> = {}) {
  const { snapshot, warnings } = readPartnerSnapshot(aCompanyRecord(companyProperties, '501'), [aContactRecord(properties, '701')], program);
  return { contact: snapshot.contacts[0]!, warnings };
}

describe('readPartnerSnapshot: company values', () => {
  it('reads well-formed HubSpot strings with no warnings', () => {
    const { snapshot, warnings } = readCompany({
      pe_foundation_complete: 'true',
      pe_sales_modules_completed: '5',
      pe_last_enablement_activity: '2026-10-01',
      pe_target_tier: 'gold',
      pe_timezone: 'Europe/Berlin',
      pe_partner_type: 'msp',
    });
    expect(warnings).toEqual([]);
    expect(snapshot).toMatchObject({
      companyId: '501',
      name: 'Acme Partners',
      isPartner: true,
      partnerType: 'msp',
      foundationComplete: true,
      modulesCompleted: { sales: 5, technical: 0, advanced: 0 },
      lastEnablementActivity: '2026-10-01',
      targetTier: 'gold',
      timeZone: 'Europe/Berlin',
      ownerId: '9001',
    });
  });

  it('reads unset properties as nothing done, without warnings', () => {
    const { snapshot, warnings } = readPartnerSnapshot({ id: '9', properties: {} }, [], program);
    expect(warnings).toEqual([]);
    expect(snapshot).toMatchObject({
      isPartner: false,
      foundationComplete: false,
      modulesCompleted: { sales: 0, technical: 0, advanced: 0 },
      lastEnablementActivity: null,
      targetTier: null,
      partnerType: null,
      timeZone: 'UTC',
    });
  });

  it('reads text in a count as 0, with a warning naming company, property and value', () => {
    const { snapshot, warnings } = readCompany({ pe_sales_modules_completed: 'three' });
    expect(snapshot.modulesCompleted.sales).toBe(0);
    expect(warnings).toEqual(['company 501: pe_sales_modules_completed "three" is not a number; read as 0']);
  });

  it('reads a negative count as 0, with a warning', () => {
    const { snapshot, warnings } = readCompany({ pe_technical_modules_completed: '-2' });
    expect(snapshot.modulesCompleted.technical).toBe(0);
    expect(warnings).toEqual(['company 501: pe_technical_modules_completed "-2" is negative; read as 0']);
  });

  it('caps completed modules at the track total, with a warning', () => {
    const { snapshot, warnings } = readCompany({ pe_sales_modules_completed: '12' });
    expect(snapshot.modulesCompleted.sales).toBe(8);
    expect(warnings).toEqual([
      'company 501: pe_sales_modules_completed "12" is more than the 8 modules of the Sales track; read as 8',
    ]);
  });

  it('rounds a fractional count down, with a warning', () => {
    const { snapshot, warnings } = readCompany({ pe_advanced_modules_completed: '2.5' });
    expect(snapshot.modulesCompleted.advanced).toBe(2);
    expect(warnings).toEqual(['company 501: pe_advanced_modules_completed "2.5" is not a whole number; read as 2']);
  });

  it('accepts a decimal count with a zero fraction and surrounding spaces silently', () => {
    const { snapshot, warnings } = readCompany({ pe_sales_modules_completed: ' 4.0 ' });
    expect(snapshot.modulesCompleted.sales).toBe(4);
    expect(warnings).toEqual([]);
  });

  it('uses the program default for an unknown time zone, with a warning', () => {
    const { snapshot, warnings } = readCompany({ pe_timezone: 'Mars/Olympus' });
    expect(snapshot.timeZone).toBe('UTC');
    expect(warnings).toEqual(['company 501: pe_timezone "Mars/Olympus" is not an IANA time zone; using UTC']);
  });

  it('uses the program default time zone when the company has none', () => {
    const berlinProgram = { ...program, defaultTimeZone: 'Europe/Berlin' };
    expect(readPartnerSnapshot(aCompanyRecord({}), [], berlinProgram).snapshot.timeZone).toBe('Europe/Berlin');
  });

  it('reads an epoch-millisecond date at midnight UTC as that date, with a warning', () => {
    const { snapshot, warnings } = readCompany({ pe_last_enablement_activity: '1709251200000' });
    expect(snapshot.lastEnablementActivity).toBe('2024-03-01');
    expect(warnings).toEqual(['company 501: pe_last_enablement_activity "1709251200000" is epoch milliseconds; read as 2024-03-01']);
  });

  it('reads an epoch-millisecond instant that is not midnight UTC as its date in the partner time zone', () => {
    // 2024-03-01T23:30:00Z is already 2 March in Berlin.
    const { snapshot, warnings } = readCompany({ pe_last_enablement_activity: '1709335800000', pe_timezone: 'Europe/Berlin' });
    expect(snapshot.lastEnablementActivity).toBe('2024-03-02');
    expect(warnings).toEqual([
      'company 501: pe_last_enablement_activity "1709335800000" is epoch milliseconds, not midnight UTC; read as 2024-03-02, its date in Europe/Berlin',
    ]);
  });

  it('ignores a date that does not exist, with a warning', () => {
    const { snapshot, warnings } = readCompany({ pe_last_enablement_activity: '2025-02-29' });
    expect(snapshot.lastEnablementActivity).toBeNull();
    expect(warnings).toEqual(['company 501: pe_last_enablement_activity "2025-02-29" is not a real date; ignored']);
  });

  it('ignores text where a date belongs, with a warning', () => {
    const { snapshot, warnings } = readCompany({ pe_last_enablement_activity: 'last week' });
    expect(snapshot.lastEnablementActivity).toBeNull();
    expect(warnings).toEqual(['company 501: pe_last_enablement_activity "last week" is not a date (expected YYYY-MM-DD); ignored']);
  });

  it('ignores an unknown target tier, with a warning', () => {
    const { snapshot, warnings } = readCompany({ pe_target_tier: 'diamond' });
    expect(snapshot.targetTier).toBeNull();
    expect(warnings).toEqual(['company 501: pe_target_tier "diamond" is not one of bronze, silver, gold, platinum; ignored']);
  });

  it('reads an option in another case silently', () => {
    const { snapshot, warnings } = readCompany({ pe_target_tier: 'Gold' });
    expect(snapshot.targetTier).toBe('gold');
    expect(warnings).toEqual([]);
  });

  it('reads a yes/no word as a boolean, with a warning', () => {
    const { snapshot, warnings } = readCompany({ pe_foundation_complete: 'yes' });
    expect(snapshot.foundationComplete).toBe(true);
    expect(warnings).toEqual(['company 501: pe_foundation_complete "yes" is not true or false; read as true']);
  });

  it('reads modules against the program in use', () => {
    const shortSales = { ...program, trainingTracks: { ...program.trainingTracks, sales: { ...program.trainingTracks.sales, modules: 4 } } };
    const { snapshot, warnings } = readPartnerSnapshot(aCompanyRecord({ pe_sales_modules_completed: '6' }, '501'), [], shortSales);
    expect(snapshot.modulesCompleted.sales).toBe(4);
    expect(warnings).toHaveLength(1);
  });
});

describe('readPartnerSnapshot: contacts', () => {
  it('reads a contact with its role, certifications and tracks', () => {
    const { contact, warnings } = readContact({
      pe_partner_role: 'se',
      pe_cert_sales_fundamentals_earned_on: '2026-01-15',
      pe_cert_technical_associate_earned_on: '',
      pe_active_tracks: 'sales;technical',
      pe_pending_tracks: 'advanced',
    });
    expect(warnings).toEqual([]);
    expect(contact).toEqual({
      contactId: '701',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada.701@partner.example',
      role: 'se',
      certificationsEarnedOn: { sales_fundamentals: '2026-01-15' },
      activeTracks: ['sales', 'technical'],
      pendingTracks: ['advanced'],
    });
  });

  it('ignores an unknown role, with a warning naming the contact', () => {
    const { contact, warnings } = readContact({ pe_partner_role: 'ceo' });
    expect(contact.role).toBeNull();
    expect(warnings).toEqual(['contact 701: pe_partner_role "ceo" is not one of sales, se, consultant, manager, senior; ignored']);
  });

  it('drops a certification with an unreadable earned date, with a warning', () => {
    const { contact, warnings } = readContact({ pe_cert_sales_fundamentals_earned_on: '15/01/2026' });
    expect(contact.certificationsEarnedOn).toEqual({});
    expect(warnings).toEqual([
      'contact 701: pe_cert_sales_fundamentals_earned_on "15/01/2026" is not a date (expected YYYY-MM-DD); ignored',
    ]);
  });

  it('reads an epoch-millisecond earned date', () => {
    const { contact } = readContact({ pe_cert_solution_architect_earned_on: '1735689600000' });
    expect(contact.certificationsEarnedOn).toEqual({ solution_architect: '2025-01-01' });
  });

  it('warns about a certification the program does not have', () => {
    const { contact, warnings } = readContact({ pe_cert_cloud_guru_earned_on: '2026-01-01' });
    expect(contact.certificationsEarnedOn).toEqual({});
    expect(warnings).toEqual([
      'contact 701: pe_cert_cloud_guru_earned_on "2026-01-01" is for a certification the program does not have; ignored',
    ]);
  });

  it('drops unknown and repeated track options, with a warning', () => {
    const { contact, warnings } = readContact({ pe_active_tracks: 'sales;;marketing;sales' });
    expect(contact.activeTracks).toEqual(['sales']);
    expect(warnings).toEqual([
      'contact 701: pe_active_tracks "sales;;marketing;sales" has unknown option(s) marketing (known: foundation, sales, technical, advanced); ignored',
    ]);
  });

  it('reads a track both active and pending as active, with a warning', () => {
    const { contact, warnings } = readContact({ pe_active_tracks: 'sales', pe_pending_tracks: 'sales;technical' });
    expect(contact).toMatchObject({ activeTracks: ['sales'], pendingTracks: ['technical'] });
    expect(warnings).toEqual(['contact 701: pe_pending_tracks "sales;technical" repeats active track(s) sales; read as active']);
  });

  it('reads a contact listed twice once, with a warning', () => {
    const contact = aContactRecord({}, '701');
    const { snapshot, warnings } = readPartnerSnapshot(aCompanyRecord({}, '501'), [contact, contact], program);
    expect(snapshot.contacts).toHaveLength(1);
    expect(warnings).toEqual(['contact 701: listed more than once; read once']);
  });

  it('lists company warnings before contact warnings', () => {
    const { warnings } = readContact({ pe_partner_role: 'ceo' }, { pe_timezone: 'Nowhere' });
    expect(warnings.map((w) => w.split(':')[0])).toEqual(['company 501', 'contact 701']);
  });
});

describe('readPartnerSnapshot: number notation', () => {
  it.each(['0x10', 'Infinity', '1,000', '5 modules'])('reads %s as text, not a number', (raw) => {
    const { snapshot, warnings } = readPartnerSnapshot(aCompanyRecord({ pe_sales_modules_completed: raw }, '501'), [], DEFAULT_PROGRAM);
    expect(snapshot.modulesCompleted.sales).toBe(0);
    expect(warnings).toEqual([`company 501: pe_sales_modules_completed ${JSON.stringify(raw)} is not a number; read as 0`]);
  });
});
