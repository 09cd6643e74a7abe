import { describe, expect, it } from 'vitest';
import { mdfAllocation } from '../../../../src/domain/incentives/mdf-allocation.js';
import { mdfBalance } from '../../../../src/domain/incentives/mdf-balance.js';
import { mdfShare } from '../../../../src/domain/incentives/mdf-share.js';
import type { LedgerEntry } from '../../../../src/domain/incentives/types.js';
import { validateMdfClaim, type MdfClaim } from '../../../../src/domain/incentives/validate-mdf-claim.js';
import { validateMdfRequest, type MdfRequest } from '../../../../src/domain/incentives/validate-mdf-request.js';
import { money, type Money } from '../../../../src/domain/money/money.js';
import { multiplyMoney } from '../../../../src/domain/money/multiply-money.js';
import { parseMoney } from '../../../../src/domain/money/parse-money.js';
import { DEFAULT_PROGRAM } from '../../../../src/program/default-program.js';

const settings = DEFAULT_PROGRAM.mdf;
const usd = (text: string): Money => parseMoney(text, 'USD');

function anMdfEntry(key: string, kind: LedgerEntry['kind'], amount: Money): LedgerEntry {
  return {
    key, partnerId: 'p1', kind, bucket: 'mdf', rule: 'events', amount,
    source: { type: 'request', id: key.split(':')[0] ?? key }, reason: kind, occurredOn: '2026-03-01', reverses: null,
  };
}

function aRequest(overrides: Partial<MdfRequest> = {}): MdfRequest {
  return { activity: 'events', amount: usd('3000'), activityStart: '2026-04-10', activityEnd: '2026-04-12', ...overrides };
}

function aClaim(overrides: Partial<MdfClaim> = {}): MdfClaim {
  return { actualCost: usd('8000'), results: '120 attendees, 14 leads', proofUrl: 'https://files.example.com/invoice.pdf', claimedOn: '2026-04-20', ...overrides };
}

describe('mdfShare and mdfAllocation', () => {
  it('reimburses a/(a+b) of the cost: half at 1:1, two thirds at 2:1', () => {
    expect(multiplyMoney(usd('9000'), mdfShare('1:1'))).toEqual(usd('4500'));
    expect(multiplyMoney(usd('9000'), mdfShare('2:1'))).toEqual(usd('6000'));
    expect(multiplyMoney(money(1, 'USD'), mdfShare('2:1'))).toEqual(money(1, 'USD')); // 0.667 cent → 1
  });

  it('allocates by official tier per the seed: none for bronze, 5,000 / 20,000 / 50,000 above', () => {
    expect(mdfAllocation('bronze', settings, 'USD')).toBeNull();
    expect(mdfAllocation('none', settings, 'USD')).toBeNull();
    expect(mdfAllocation('silver', settings, 'USD')?.amount).toEqual(usd('5000'));
    expect(mdfAllocation('gold', settings, 'USD')?.amount).toEqual(usd('20000'));
    expect(mdfAllocation('platinum', settings, 'USD')).toEqual({ amount: usd('50000'), share: { numerator: 2n, denominator: 3n } });
  });
});

describe('validateMdfRequest', () => {
  const silver = mdfBalance(usd('5000'), []);

  it('accepts an eligible request before the activity that fits the allocation, with its claim deadline', () => {
    expect(validateMdfRequest({ request: aRequest(), on: '2026-04-09', balance: silver, settings })).toEqual({ problems: [], claimDueBy: '2026-05-12' });
  });

  it('names every problem', () => {
    const result = validateMdfRequest({
      request: aRequest({ activity: 'golf', activityStart: '2026-04-10', activityEnd: '2026-04-09', amount: usd('0') }),
      on: '2026-04-10',
      balance: null,
      settings,
    });
    expect(result.problems).toEqual(['no_mdf_for_tier', 'activity_not_eligible', 'not_before_activity', 'ends_before_start', 'amount_not_positive']);
  });

  it('refuses more than is left once approvals have used the allocation', () => {
    const balance = mdfBalance(usd('5000'), [anMdfEntry('r1:approval', 'approval', usd('4000'))]);
    expect(balance.available).toEqual(usd('1000'));
    expect(validateMdfRequest({ request: aRequest({ amount: usd('2000') }), on: '2026-04-01', balance, settings }).problems).toEqual(['exceeds_available']);
    expect(validateMdfRequest({ request: aRequest({ amount: usd('1000') }), on: '2026-04-01', balance, settings }).problems).toEqual([]);
  });
});

describe('validateMdfClaim', () => {
  const approved = { amount: usd('3000'), activityEnd: '2026-04-12' };
  const balanceAfterApproval = mdfBalance(usd('5000'), [anMdfEntry('r1:approval', 'approval', usd('3000'))]);

  function claimResult(claim: MdfClaim, share = mdfShare('1:1'), balance = balanceAfterApproval) {
    return validateMdfClaim({ claim, approved, share, balance, settings });
  }

  it('reimburses the smaller of the approved amount and the share of the actual cost', () => {
    expect(claimResult(aClaim({ actualCost: usd('8000') })).reimbursement).toEqual(usd('3000'));
    expect(claimResult(aClaim({ actualCost: usd('4000') })).reimbursement).toEqual(usd('2000'));
    expect(claimResult(aClaim({ actualCost: usd('4000') }), mdfShare('2:1')).reimbursement).toEqual(usd('2666.67'));
  });

  it('stops at what is left of the allocation when it has run out', () => {
    // The tier fell to an allocation of 2,000 after the 3,000 approval: only 2,000 can be paid.
    const shrunk = mdfBalance(usd('2000'), [anMdfEntry('r1:approval', 'approval', usd('3000'))]);
    expect(shrunk.available).toEqual(usd('-1000'));
    expect(claimResult(aClaim({ actualCost: usd('8000') }), mdfShare('1:1'), shrunk).reimbursement).toEqual(usd('2000'));
  });

  it('accepts a claim from the activity end up to 30 days after, not later nor earlier', () => {
    expect(claimResult(aClaim({ claimedOn: '2026-04-12' })).problems).toEqual([]);
    expect(claimResult(aClaim({ claimedOn: '2026-05-12' })).problems).toEqual([]);
    expect(claimResult(aClaim({ claimedOn: '2026-05-13' }))).toMatchObject({ problems: ['claim_expired'], reimbursement: usd('0') });
    expect(claimResult(aClaim({ claimedOn: '2026-04-11' })).problems).toEqual(['activity_not_ended']);
  });

  it('requires a proof link and results', () => {
    expect(claimResult(aClaim({ proofUrl: null, results: '  ' })).problems).toEqual(['proof_missing', 'results_missing']);
    expect(claimResult(aClaim({ proofUrl: 'javascript:alert(1)' })).problems).toEqual(['proof_missing']);
    const noProofNeeded = validateMdfClaim({ claim: aClaim({ proofUrl: null }), approved, share: mdfShare('1:1'), balance: balanceAfterApproval, settings: { ...settings, proofRequired: false } });
    expect(noProofNeeded.problems).toEqual([]);
  });
});

describe('mdfBalance', () => {
  it('sums approvals and payments of the MDF bucket only; a release returns allocation', () => {
    const entries = [
      anMdfEntry('r1:approval', 'approval', usd('3000')),
      anMdfEntry('r1:payment', 'payment', usd('2000')),
      anMdfEntry('r1:release', 'approval', usd('-1000')),
      { ...anMdfEntry('spiff', 'accrual', usd('750')), bucket: 'spiff' as const },
    ];
    expect(mdfBalance(usd('5000'), entries)).toEqual({ allocation: usd('5000'), approved: usd('2000'), paid: usd('2000'), available: usd('3000') });
  });
});
