import { describe, expect, it } from 'vitest';
import { composeIncentiveTask, type IncentiveTaskInput } from '../../../../src/domain/incentives/compose-incentive-task.js';
import { incentiveDueDate } from '../../../../src/domain/incentives/incentive-due-date.js';
import { money } from '../../../../src/domain/money/money.js';

const SETTINGS = { verificationBusinessDays: 5, paymentBusinessDays: 15, holidays: ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'] };

function aTask(overrides: Partial<IncentiveTaskInput> = {}): IncentiveTaskInput {
  return {
    kind: 'task',
    deadline: 'verification',
    requestId: 'req-1',
    requestType: 'spiff_claim',
    amount: money(50_000, 'EUR'),
    partnerName: 'Acme Partners',
    dueOn: '2026-12-30',
    timeZone: 'Europe/Berlin',
    ...overrides,
  };
}

describe('the task of an incentive deadline', () => {
  it('names the partner, the kind and the amount with its currency, due at the end of the verification day', () => {
    // Claimed on Wednesday 23 December 2026: 28, 29, 30 December, then 4 and 5 January (24, 25,
    // 31 December and 1 January are holidays, 26–27 December and 2–3 January a weekend).
    const dueOn = incentiveDueDate('verification', '2026-12-23', SETTINGS);
    expect(dueOn).toBe('2027-01-05');
    const task = composeIncentiveTask(aTask({ dueOn }));
    expect(task.subject).toBe("Verify Acme Partners's SPIFF claim of EUR 500.00");
    expect(task.priority).toBe('MEDIUM');
    expect(new Date(task.dueAt).toISOString()).toBe('2027-01-05T22:59:00.000Z');
    expect(task.body).toContain('by Tuesday 5 January 2027 (Europe/Berlin)');
    expect(task.body.endsWith('\n\nReference: incentive-request/req-1/task:verification')).toBe(true);
  });

  it('without holidays the same claim is due on the Wednesday after the weekend', () => {
    const dueOn = incentiveDueDate('verification', '2026-12-23', { ...SETTINGS, holidays: [] });
    expect(dueOn).toBe('2026-12-30');
    expect(new Date(composeIncentiveTask(aTask({ dueOn, timeZone: 'UTC' })).dueAt).toISOString()).toBe('2026-12-30T23:59:00.000Z');
  });

  it('a payment task counts 15 business days from the approval, across the weekends and holidays', () => {
    // Approved on Friday 18 December 2026: 21, 22, 23, 28, 29, 30 December, 4–8 and 11–14 January.
    const dueOn = incentiveDueDate('payment', '2026-12-18', SETTINGS);
    expect(dueOn).toBe('2027-01-14');
    const task = composeIncentiveTask(aTask({ deadline: 'payment', requestType: 'bonus', amount: money(123_456, 'USD'), dueOn, timeZone: 'America/New_York' }));
    expect(task.subject).toBe("Pay Acme Partners's bonus claim of USD 1,234.56");
    expect(new Date(task.dueAt).toISOString()).toBe('2027-01-15T04:59:00.000Z');
    expect(task.reference).toBe('incentive-request/req-1/task:payment');
  });

  it('an escalation is overdue, high priority, and carries its own reference', () => {
    const task = composeIncentiveTask(aTask({ kind: 'escalation', requestType: 'mdf_claim', amount: money(200_000, 'JPY') }));
    expect(task.subject).toBe("Overdue: verify Acme Partners's MDF claim of JPY 200,000");
    expect(task.priority).toBe('HIGH');
    expect(task.body).toContain('was to be verified by Wednesday 30 December 2026 (Europe/Berlin) and was not');
    expect(task.reference).toBe('incentive-request/req-1/escalation:verification');
  });

  it('a claim without an amount is named without one', () => {
    expect(composeIncentiveTask(aTask({ requestType: 'bonus', amount: null })).subject).toBe("Verify Acme Partners's bonus claim");
  });
});
