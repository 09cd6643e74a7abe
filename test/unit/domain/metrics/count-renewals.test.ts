import { describe, expect, it } from 'vitest';
import { countRenewals } from '../../../../src/domain/metrics/count-renewals.js';

const cert = (expiresOn: string, certificationId = 'sales_fundamentals') => ({ contactId: '7', certificationId, expiresOn });

describe('countRenewals', () => {
  it('counts a renewal made before the grace period ended as due and renewed', () => {
    // Expired 1 March, grace ends 31 March; renewed on 20 March.
    expect(countRenewals([cert('2027-03-01')], '2027-03-19', [cert('2028-03-20')], '2027-03-20', 30)).toEqual({ due: 1, renewed: 1 });
  });

  it('counts a certification whose grace period ended unrenewed as due once, on the day after', () => {
    expect(countRenewals([cert('2027-03-01')], '2027-03-31', [cert('2027-03-01')], '2027-04-01', 30)).toEqual({ due: 1, renewed: 0 });
    expect(countRenewals([cert('2027-03-01')], '2027-04-01', [cert('2027-03-01')], '2027-04-02', 30)).toEqual({ due: 0, renewed: 0 });
  });

  it('does not count a renewal after the grace period again', () => {
    expect(countRenewals([cert('2027-03-01')], '2027-04-05', [cert('2028-04-06')], '2027-04-06', 30)).toEqual({ due: 0, renewed: 0 });
  });

  it('knows of nothing due without a previous snapshot', () => {
    expect(countRenewals(null, null, [cert('2027-03-01')], '2027-04-01', 30)).toEqual({ due: 0, renewed: 0 });
  });
});
