import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { parseProgram, type InvalidProgramDetails } from '../../../src/program/load-program.js';

function problemsOf(data: unknown): string[] {
  try {
    parseProgram(data, 'program.json');
  } catch (error) {
    if (isAppError(error, 'INVALID_PROGRAM')) return (error.details as InvalidProgramDetails).problems;
    throw error;
  }
  throw new Error('expected the program to be refused');
}

describe('registration settings in the program', () => {
  it('default to a 48-hour decision, 90 days of protection and one 30-day extension', () => {
    const { registrations } = parseProgram({}, 'program.json');
    expect(registrations).toMatchObject({
      decisionHours: 48,
      businessHoursOnly: false,
      reminderHours: 24,
      escalationHours: 40,
      escalationOwnerId: null,
      protectionDays: 90,
      extensionDays: 30,
      maxExtensions: 1,
      expiryNoticeDays: 14,
      conflict: { recentWinMonths: 12, matchCompanyNames: true, extraFreeMailDomains: [] },
    });
    expect(registrations.businessHours).toEqual({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', holidays: [] });
  });

  it('are overridden one setting at a time, keeping the other defaults', () => {
    const program = parseProgram({ registrations: { decisionHours: 72, conflict: { recentWinMonths: 6 } } }, 'program.json');
    expect(program.registrations.decisionHours).toBe(72);
    expect(program.registrations.conflict).toEqual({ ...DEFAULT_PROGRAM.registrations.conflict, recentWinMonths: 6 });
    expect(program.registrations.protectionDays).toBe(90);
  });

  it('accept business hours, holidays and an escalation owner', () => {
    const program = parseProgram({
      registrations: {
        businessHoursOnly: true,
        businessHours: { days: ['mon', 'tue', 'wed', 'thu'], start: '08:30', end: '18:00', holidays: ['2026-12-25'] },
        escalationOwnerId: '12345',
      },
    }, 'program.json');
    expect(program.registrations.businessHours.holidays).toEqual(['2026-12-25']);
    expect(program.registrations.escalationOwnerId).toBe('12345');
  });

  it('replace the required fields whole', () => {
    const program = parseProgram({ registrations: { requiredFields: ['customerCompanyName', 'customerContactEmail'] } }, 'program.json');
    expect(program.registrations.requiredFields).toEqual(['customerCompanyName', 'customerContactEmail']);
  });

  it('name a decision window that is not a positive whole number', () => {
    expect(problemsOf({ registrations: { decisionHours: 0 } })).toContain('registrations.decisionHours: expected more than 0, got 0');
    expect(problemsOf({ registrations: { decisionHours: 'two days' } })).toContain('registrations.decisionHours: expected a number, got "two days"');
  });

  it('name an escalation that would come after the deadline', () => {
    expect(problemsOf({ registrations: { decisionHours: 24, reminderHours: 12 } }))
      .toEqual(['registrations.escalationHours: must be less than decisionHours (24), got 40']);
  });

  it('name a reminder that would come after the escalation', () => {
    expect(problemsOf({ registrations: { reminderHours: 40 } }))
      .toEqual(['registrations.reminderHours: must be less than escalationHours (40), got 40']);
  });

  it('name a notice period as long as the protection', () => {
    expect(problemsOf({ registrations: { protectionDays: 14 } }))
      .toEqual(['registrations.expiryNoticeDays: must be less than protectionDays (14), got 14']);
  });

  it('name business hours that end before they start, a bad day and a bad holiday', () => {
    expect(problemsOf({ registrations: { businessHours: { start: '17:00', end: '09:00' } } }))
      .toEqual(['registrations.businessHours.end: must be later than start (17:00), got "09:00"']);
    expect(problemsOf({ registrations: { businessHours: { days: ['mon', 'funday'] } } })[0])
      .toMatch(/^registrations\.businessHours\.days\[1\]: expected one of mon, tue/);
    expect(problemsOf({ registrations: { businessHours: { holidays: ['2026-02-30'] } } }))
      .toEqual(['registrations.businessHours.holidays[0]: expected a YYYY-MM-DD date, got "2026-02-30"']);
  });

  it('name an unknown field, a repeated field and required fields that give no domain', () => {
    expect(problemsOf({ registrations: { requiredFields: ['dealName', 'budget'] } })[0])
      .toMatch(/^registrations\.requiredFields\[1\]: expected one of customerCompanyName/);
    expect(problemsOf({ registrations: { requiredFields: ['customerDomain', 'customerDomain'] } }))
      .toEqual(['registrations.requiredFields[1]: "customerDomain" is listed twice']);
    expect(problemsOf({ registrations: { requiredFields: ['dealName'] } }))
      .toEqual(['registrations.requiredFields: must include customerDomain or customerContactEmail: the conflict check needs a domain']);
  });

  it('name an escalation owner that is not an owner id and a free-mail domain that is not a domain', () => {
    expect(problemsOf({ registrations: { escalationOwnerId: 'alice@example.com' } }))
      .toEqual(['registrations.escalationOwnerId: expected a HubSpot owner id (digits), got "alice@example.com"']);
    expect(problemsOf({ registrations: { conflict: { extraFreeMailDomains: ['Mail Box'] } } }))
      .toEqual(['registrations.conflict.extraFreeMailDomains[0]: expected a lower-case domain such as example.com, got "Mail Box"']);
  });

  it('suggest the setting a typo meant', () => {
    expect(problemsOf({ registrations: { protectionDay: 60 } }))
      .toEqual(['registrations.protectionDay: unknown setting (did you mean protectionDays?)']);
  });
});
