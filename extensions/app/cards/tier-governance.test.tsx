import { Alert, Flex, Heading, LoadingButton, LoadingSpinner, Table, TableCell, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TierGovernanceView, TierHistoryEntryView } from './card-data.js';
import { PartnerEnablementCard } from './components/partner-enablement-card.js';
import { aPartnerCard } from './test-support/card-data-fixtures.js';
import { BACKEND, describeCall, jsonResponse, renderCard } from './test-support/render-card.js';

const { fetchMock } = vi.hoisted(() => ({ fetchMock: vi.fn() }));

// hubspot.fetch only exists inside HubSpot's worker; the rest of the package is real.
vi.mock('@hubspot/ui-extensions', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@hubspot/ui-extensions')>();
  return { ...actual, hubspot: { ...actual.hubspot, fetch: fetchMock } };
});

const SILVER = { id: 'silver' as const, name: 'Silver' };
const GOLD = { id: 'gold' as const, name: 'Gold' };

function aQuarter(overrides: Partial<TierHistoryEntryView> = {}): TierHistoryEntryView {
  return { quarter: '2026Q4', qualified: GOLD, before: SILVER, after: SILVER, action: 'hold', reason: 'advance_pending', proposed: null, ...overrides };
}

function governance(overrides: Partial<TierGovernanceView> = {}): TierGovernanceView {
  return { proposal: null, outlook: null, history: [], ...overrides };
}

async function renderLoaded(data: unknown) {
  fetchMock.mockResolvedValueOnce(jsonResponse(data));
  const renderer = renderCard('crm.record.tab', BACKEND);
  renderer.mocks.context.crm.objectId = 123;
  renderer.mocks.context.portal.id = 4242;
  const onPropertiesChanged = vi.fn();
  renderer.render(<PartnerEnablementCard context={renderer.mocks.context} onPropertiesChanged={onPropertiesChanged} />);
  await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  return { ...renderer, onPropertiesChanged };
}

beforeEach(() => {
  fetchMock.mockReset();
});

describe('Partner enablement card: tier history', () => {
  it('renders the outlook line and the closed quarters, newest first, with qualified, official before → after and the reason', async () => {
    const { findByTestId, findAll } = await renderLoaded(
      aPartnerCard({
        governance: governance({
          outlook: 'Demotion risk: Silver at the close of 2027 Q2 if this holds',
          history: [
            aQuarter({ quarter: '2027Q1', qualified: SILVER, before: GOLD, after: GOLD, action: 'hold', reason: 'demotion_pending' }),
            aQuarter({ quarter: '2026Q4', qualified: GOLD, before: SILVER, after: GOLD, action: 'advance', reason: 'qualified_above' }),
            aQuarter({ quarter: '2026Q3', qualified: GOLD, before: SILVER, after: SILVER, action: 'hold', reason: 'advance_pending', proposed: null }),
          ],
        }),
      }),
    );

    expect(findByTestId(Text, 'tier-outlook').text).toBe('Demotion risk: Silver at the close of 2027 Q2 if this holds');
    const rows = findByTestId(Table, 'tier-history').findAll(TableRow).slice(1);
    expect(rows.map((row) => row.findAll(TableCell).slice(0, 3).map((cell) => cell.text))).toEqual([
      ['2027 Q1', 'Silver', 'Gold'],
      ['2026 Q4', 'Gold', 'Silver → Gold'],
      ['2026 Q3', 'Gold', 'Silver'],
    ]);
    expect(rows.map((row) => [row.find(Tag).text, row.findAll(TableCell)[3]!.find(Text).text])).toEqual([
      ['Held', 'demotion pending'],
      ['Advanced', 'qualified above the tier'],
      ['Held', 'advance pending'],
    ]);
    expect(findAll(Heading).map((heading) => heading.text)).toContain('Tier history');
  });

  it('names a proposal the close made in its quarter', async () => {
    const { findByTestId } = await renderLoaded(
      aPartnerCard({ governance: governance({ history: [aQuarter({ quarter: '2027Q1', action: 'advance', reason: 'qualified_above', before: SILVER, after: SILVER, proposed: GOLD })] }) }),
    );

    const row = findByTestId(Table, 'tier-history').findAll(TableRow)[1]!;
    expect(row.findAll(TableCell)[2]!.text).toBe('Silver (Gold proposed)');
  });

  it('has no tier history section in instant mode (no outlook, no closed quarter) nor when the backend keeps none', async () => {
    const instant = await renderLoaded(aPartnerCard({ governance: governance() }));
    expect(instant.maybeFind(Flex, { testId: 'tier-governance' })).toBeNull();
    expect(instant.findAll(Heading).map((heading) => heading.text)).not.toContain('Tier history');

    const without = await renderLoaded(aPartnerCard());
    expect(without.maybeFind(Flex, { testId: 'tier-governance' })).toBeNull();
  });

  it('says no quarter has closed yet when there is an outlook but no history', async () => {
    const { findByTestId } = await renderLoaded(aPartnerCard({ governance: governance({ outlook: 'Holding Silver' }) }));
    expect(findByTestId(Text, 'no-tier-history').text).toBe('No quarter has closed for this partner yet.');
  });
});

describe('Partner enablement card: tier change approval', () => {
  const proposed = () => aPartnerCard({ governance: governance({ proposal: { from: SILVER, to: GOLD } }) });

  it('shows "Approve Gold" and "Reject" only while a tier change is proposed', async () => {
    const withProposal = await renderLoaded(proposed());
    expect(withProposal.findByTestId(LoadingButton, 'approve-tier').text).toBe('Approve Gold');
    expect(withProposal.findByTestId(LoadingButton, 'reject-tier').text).toBe('Reject');
    expect(withProposal.findByTestId(Text, 'tier-proposal-text').text).toBe('Proposed at the last quarter close: Silver → Gold.');

    const nothing = await renderLoaded(aPartnerCard({ governance: governance() }));
    expect(nothing.maybeFindByTestId(LoadingButton, 'approve-tier')).toBeNull();
    expect(nothing.maybeFindByTestId(LoadingButton, 'reject-tier')).toBeNull();
  });

  it('approve posts the decision with the tier it showed, then shows the fresh card without the buttons', async () => {
    const renderer = await renderLoaded(proposed());
    const fresh = aPartnerCard({ tier: GOLD, governance: governance() });
    fetchMock.mockResolvedValueOnce(jsonResponse({ decision: 'approve', tier: GOLD, card: fresh }));

    renderer.findByTestId(LoadingButton, 'approve-tier').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Alert, 'tier-decision-result')).not.toBeNull());
    const { url, method, body } = describeCall(fetchMock.mock.calls[1]!);
    expect(url.origin + url.pathname).toBe(`${BACKEND}/hubspot/cards/partner-enablement/decide-tier-change`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ portalId: '4242', companyId: '123' });
    expect(method).toBe('POST');
    expect(body).toEqual({ decision: 'approve', expectedTier: 'gold' });
    expect(renderer.findByTestId(Alert, 'tier-decision-result').text).toBe('Approved: the partner is now Gold.');
    expect(renderer.maybeFindByTestId(LoadingButton, 'approve-tier')).toBeNull();
    expect(renderer.onPropertiesChanged).toHaveBeenCalledTimes(1);
  });

  it('reject posts a rejection and says the partner keeps its tier', async () => {
    const renderer = await renderLoaded(proposed());
    fetchMock.mockResolvedValueOnce(jsonResponse({ decision: 'reject', tier: SILVER, card: aPartnerCard({ governance: governance() }) }));

    renderer.findByTestId(LoadingButton, 'reject-tier').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Alert, 'tier-decision-result')).not.toBeNull());
    expect(describeCall(fetchMock.mock.calls[1]!).body).toEqual({ decision: 'reject', expectedTier: 'gold' });
    expect(renderer.findByTestId(Alert, 'tier-decision-result').text).toBe('Rejected: the partner stays Silver.');
  });

  it("shows the backend's refusal when the proposal changed meanwhile, and keeps the buttons", async () => {
    const renderer = await renderLoaded(proposed());
    fetchMock.mockResolvedValueOnce(jsonResponse({ error: { code: 'PROPOSAL_CHANGED', message: 'The proposal changed: Platinum is proposed now, not Gold.' } }, 409));

    renderer.findByTestId(LoadingButton, 'approve-tier').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Alert, 'tier-decision-error')).not.toBeNull());
    expect(renderer.findByTestId(Alert, 'tier-decision-error').text).toBe('The proposal changed: Platinum is proposed now, not Gold.');
    expect(renderer.findByTestId(LoadingButton, 'approve-tier').props.disabled).toBe(false);
  });
});
