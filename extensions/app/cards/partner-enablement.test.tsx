import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Flex,
  Form,
  Heading,
  Input,
  LoadingButton,
  LoadingSpinner,
  ProgressBar,
  Select,
  StatisticsItem,
  StatisticsTrend,
  Table,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { ReactElement } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PartnerEnablementCard } from './components/partner-enablement-card.js';
import { aCertification, aNonPartner, anAssignment, aPartnerCard, aTeamMember } from './test-support/card-data-fixtures.js';
import { BACKEND, choose, describeCall, jsonResponse, renderCard, textOf } from './test-support/render-card.js';

const { fetchMock, extendMock } = vi.hoisted(() => ({ fetchMock: vi.fn(), extendMock: vi.fn() }));

// hubspot.fetch and hubspot.extend only exist inside HubSpot's worker; the rest of the package is real.
vi.mock('@hubspot/ui-extensions', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@hubspot/ui-extensions')>();
  return { ...actual, hubspot: { ...actual.hubspot, fetch: fetchMock, extend: extendMock } };
});

function renderPartnerCard(origin: string | null = BACKEND) {
  const renderer = renderCard('crm.record.tab', origin);
  renderer.mocks.context.crm.objectId = 123;
  renderer.mocks.context.portal.id = 4242;
  const onPropertiesChanged = vi.fn();
  renderer.render(<PartnerEnablementCard context={renderer.mocks.context} onPropertiesChanged={onPropertiesChanged} />);
  return { ...renderer, onPropertiesChanged };
}

async function renderLoaded(data: unknown) {
  fetchMock.mockResolvedValueOnce(jsonResponse(data));
  const renderer = renderPartnerCard();
  await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  return renderer;
}

function texts(nodes: Array<{ text: string | null }>): Array<string | null> {
  return nodes.map((node) => node.text);
}

beforeEach(() => {
  fetchMock.mockReset();
});

describe('Partner enablement card: loading and errors', () => {
  it('renders a loading spinner while the backend answers', () => {
    fetchMock.mockReturnValueOnce(new Promise(() => {}));
    const { findByTestId } = renderPartnerCard();

    expect(findByTestId(LoadingSpinner, 'card-loading').props.label).toBe('Loading partner enablement');
  });

  it("asks the backend for this portal's company with a signed GET", async () => {
    await renderLoaded(aPartnerCard());

    const { url, method } = describeCall(fetchMock.mock.calls[0]!);
    expect(url.origin + url.pathname).toBe(`${BACKEND}/hubspot/cards/partner-enablement`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ portalId: '4242', companyId: '123' });
    expect(method).toBe('GET');
  });

  it("renders the backend's error message with a retry that loads again", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ error: { code: 'HUBSPOT_RATE_LIMITED', message: 'HubSpot is busy, try again in a minute.' } }, 429));
    const renderer = renderPartnerCard();
    await renderer.waitFor(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(renderer.find(ErrorState).find(Text).text).toBe('HubSpot is busy, try again in a minute.');

    fetchMock.mockResolvedValueOnce(jsonResponse(aPartnerCard({ score: 71 })));
    renderer.findByTestId(Button, 'retry').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.maybeFind(StatisticsItem, { label: 'Readiness score' })).not.toBeNull());
    expect(renderer.find(StatisticsItem, { label: 'Readiness score' }).props.number).toBe(71);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('renders an error when the backend cannot be reached', async () => {
    fetchMock.mockRejectedValueOnce(new Error('timeout'));
    const renderer = renderPartnerCard();

    await renderer.waitFor(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(renderer.find(ErrorState).find(Text).text).toBe('The partner enablement service could not be reached.');
  });

  it('renders a configuration error without calling anything when the profile has no backend origin', async () => {
    const renderer = renderPartnerCard(null);

    await renderer.waitFor(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(renderer.find(ErrorState).find(Text).text).toContain('PUBLIC_BASE_URL');
    expect(renderer.maybeFindByTestId(Button, 'retry')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('Partner enablement card: companies that are not ready to show', () => {
  it('renders a clear message on a company that is not a partner', async () => {
    const { findByTestId, maybeFind } = await renderLoaded(aNonPartner({ companyName: 'Acme Supplies' }));

    const message = findByTestId(EmptyState, 'not-a-partner');
    expect(message.props.title).toBe('Not a partner');
    expect(message.find(Text).text).toContain('Acme Supplies is not in the partner program');
    expect(maybeFind(ProgressBar)).toBeNull();
  });

  it('renders empty states for a partner with no contacts', async () => {
    const { findByTestId, maybeFindByTestId } = await renderLoaded(
      aPartnerCard({ team: [], certifications: [], score: 0, tier: { id: 'none', name: 'None' } }),
    );

    expect(findByTestId(EmptyState, 'team-empty').props.title).toBe('No people yet');
    expect(findByTestId(EmptyState, 'certifications-empty').props.title).toBe('No certifications yet');
    expect(maybeFindByTestId(Form, 'assign-training')).toBeNull();
    expect(findByTestId(Text, 'assign-training-unavailable').text).toBe('Add people to the partner to assign training.');
  });
});

describe('Partner enablement card: status', () => {
  it('renders the tier, the score and its trend', async () => {
    const { find } = await renderLoaded(aPartnerCard({ score: 62, tier: { id: 'silver', name: 'Silver' }, trend: 'declining' }));

    expect(find(StatisticsItem, { label: 'Tier' }).props.number).toBe('Silver');
    const score = find(StatisticsItem, { label: 'Readiness score' });
    expect(score.props.number).toBe(62);
    expect(score.find(StatisticsTrend).props).toMatchObject({ direction: 'decrease', value: 'Declining' });
    expect(find(StatisticsItem, { label: 'Trend' }).props.number).toBe('Declining');
  });

  it('renders the progress bar from the score toward the next tier', async () => {
    const { findByTestId } = await renderLoaded(
      aPartnerCard({ score: 62, pointsToNextTier: 23, nextTier: { id: 'gold', name: 'Gold', targetScore: 85 } }),
    );

    const bar = findByTestId(ProgressBar, 'tier-progress');
    expect(bar.props).toMatchObject({
      title: 'Progress to Gold',
      value: 62,
      maxValue: 85,
      valueDescription: '62 of 85 points, 23 to go',
    });
  });

  it('renders no progress bar at the top tier', async () => {
    const { findByTestId, maybeFindByTestId } = await renderLoaded(
      aPartnerCard({ score: 97, tier: { id: 'platinum', name: 'Platinum' }, nextTier: null, pointsToNextTier: 0, targetTier: null }),
    );

    expect(maybeFindByTestId(ProgressBar, 'tier-progress')).toBeNull();
    expect(findByTestId(Text, 'top-tier').text).toBe('Platinum is the top tier.');
  });

  it('renders training progress by track with deadlines', async () => {
    const { findByTestId } = await renderLoaded(aPartnerCard());

    expect(findByTestId(ProgressBar, 'track-progress-technical').props).toMatchObject({
      value: 4,
      maxValue: 10,
      valueDescription: '4 of 10 modules',
    });
    expect(findByTestId(ProgressBar, 'track-progress-sales').props.valueDescription).toBe('Complete');
    const technicalRow = findByTestId(Table, 'training-progress').findAll(TableRow).find((row) => textOf(row).includes('Technical'));
    expect(technicalRow && textOf(technicalRow)).toContain('2026-12-11');
  });

  it('renders a status tag for each certification status', async () => {
    const { findByTestId } = await renderLoaded(
      aPartnerCard({
        certifications: [
          aCertification({ contactId: '1', status: 'active', daysToExpiry: 200 }),
          aCertification({ contactId: '2', status: 'expiring', daysToExpiry: 12 }),
          aCertification({ contactId: '3', status: 'grace', daysToExpiry: -5 }),
          aCertification({ contactId: '4', status: 'expired', daysToExpiry: -60 }),
        ],
      }),
    );

    const tags = findByTestId(Table, 'certifications').findAll(Tag);
    expect(tags.map((tag) => [tag.text, tag.props.variant])).toEqual([
      ['Active', 'success'],
      ['Expiring', 'warning'],
      ['Grace period', 'error'],
      ['Expired', 'default'],
    ]);
  });

  it('renders the certification holders and expiries', async () => {
    const { findByTestId } = await renderLoaded(
      aPartnerCard({ certifications: [aCertification({ holderName: 'Ben Okafor', expiresOn: '2026-12-02', daysToExpiry: 12 })] }),
    );

    const text = textOf(findByTestId(Table, 'certifications'));
    expect(text).toContain('Ben Okafor');
    expect(text).toContain('2026-12-02 (in 12 days)');
  });

  it('renders the renewal alert when a certification is expiring', async () => {
    const { findByTestId } = await renderLoaded(
      aPartnerCard({
        certifications: [aCertification({ name: 'Sales Fundamentals', holderName: 'Ana Ruiz', status: 'expiring', daysToExpiry: 12 })],
      }),
    );

    const alert = findByTestId(Alert, 'renewal-alert');
    expect(alert.props).toMatchObject({ title: '1 certification needs renewal', variant: 'warning' });
    expect(alert.text).toBe('Sales Fundamentals (Ana Ruiz) expires in 12 days.');
  });

  it('renders no renewal alert when every certification is active', async () => {
    const { maybeFindByTestId } = await renderLoaded(aPartnerCard({ certifications: [aCertification({ status: 'active' })] }));

    expect(maybeFindByTestId(Alert, 'renewal-alert')).toBeNull();
  });

  it('renders the gaps most urgent first, each with its priority', async () => {
    const { findByTestId } = await renderLoaded(
      aPartnerCard({
        gaps: [
          { type: 'certification', priority: 'medium', label: 'Earn 1 more certification', needed: 1, recommended: ['technical_associate'] },
          { type: 'training', priority: 'high', label: 'Complete the Technical track (6 modules left)', track: 'technical', remainingModules: 6 },
          {
            type: 'renewal',
            priority: 'high',
            label: 'Renew Sales Fundamentals (Ana Ruiz), 12 days left',
            certificationId: 'sales_fundamentals',
            contactId: '501',
            holderName: 'Ana Ruiz',
            expiresInDays: 12,
          },
          {
            type: 'renewal',
            priority: 'high',
            label: 'Renew Technical Associate (Ben Okafor), 3 days overdue',
            certificationId: 'technical_associate',
            contactId: '502',
            holderName: 'Ben Okafor',
            expiresInDays: -3,
          },
        ],
      }),
    );

    const rows = findByTestId(Flex, 'gaps').findAllChildren(Flex);
    expect(rows.map((row) => [row.find(Tag).text, row.find(Text).text])).toEqual([
      ['High', 'Renew Technical Associate (Ben Okafor), 3 days overdue'],
      ['High', 'Renew Sales Fundamentals (Ana Ruiz), 12 days left'],
      ['High', 'Complete the Technical track (6 modules left)'],
      ['Medium', 'Earn 1 more certification'],
    ]);
  });

  it('renders team readiness: who is certified and who is training', async () => {
    const { findByTestId } = await renderLoaded(
      aPartnerCard({
        team: [
          aTeamMember({ contactId: '501', name: 'Ana Ruiz', validCertifications: 1, activeTracks: ['technical'] }),
          aTeamMember({ contactId: '502', name: 'Ben Okafor', validCertifications: 0, certifications: [], activeTracks: [], pendingTracks: ['sales'] }),
        ],
      }),
    );

    expect(findByTestId(Text, 'team-summary').text).toBe('2 people: 1 with a valid certification, 1 in training.');
    const team = textOf(findByTestId(Table, 'team'));
    expect(team).toContain('Ben Okafor');
    expect(team).toContain('awaiting consent: Sales');
  });

  it('renders the recommendations most urgent first', async () => {
    const { findByTestId } = await renderLoaded(
      aPartnerCard({
        recommendations: [
          { when: 'this_month', text: 'Plan the Advanced track' },
          { when: 'immediately', text: 'Renew Technical Associate' },
          { when: 'this_week', text: 'Finish two Technical modules' },
        ],
      }),
    );

    const rows = findByTestId(Flex, 'recommendations').findAllChildren(Flex);
    expect(texts(rows.map((row) => row.find(Tag)))).toEqual(['Immediately', 'This week', 'This month']);
    expect(texts(rows.map((row) => row.find(Text)))).toEqual([
      'Renew Technical Associate',
      'Finish two Technical modules',
      'Plan the Advanced track',
    ]);
  });

  it("renders the partner's registrations: counts by status, then the latest with status, conflict and due time", async () => {
    const { findByTestId, findAll } = await renderLoaded(
      aPartnerCard({
        registrations: {
          counts: { submitted: 2, approved: 1, rejected: 1, expired: 1, won: 3, lost: 0 },
          latest: [
            { registrationId: '9001', dealName: 'Northwind rollout', customer: 'Northwind Traders', status: 'submitted', conflict: 'possible', submittedAt: '2026-11-18T09:00:00.000Z', dueAt: '2026-11-20T09:00:00.000Z' },
            { registrationId: '9000', dealName: null, customer: 'globex.example', status: 'approved', conflict: 'none', submittedAt: '2026-11-10T09:00:00.000Z', dueAt: '2026-11-12T09:00:00.000Z' },
          ],
        },
      }),
    );

    const section = findByTestId(Flex, 'registrations');
    expect(section.findAll(StatisticsItem).map((item) => [item.props.label, item.props.number])).toEqual([
      ['Pending', 2],
      ['Approved', 1],
      ['Won', 3],
      ['Rejected or expired', 2],
    ]);
    const rows = section.findAllChildren(Flex);
    expect(rows.map((row) => [row.find(Tag).text, row.find(Text).text])).toEqual([
      ['Pending', 'Northwind rollout · possible conflict · decision due 20 Nov 2026, 09:00 UTC'],
      ['Approved', 'globex.example · no conflict'],
    ]);
    expect(findAll(Heading).map((heading) => heading.text)).toContain('Registrations');
  });

  it('says when the partner has no registrations, and has no section when the backend keeps none', async () => {
    const empty = await renderLoaded(aPartnerCard({ registrations: { counts: { submitted: 0, approved: 0, rejected: 0, expired: 0, won: 0, lost: 0 }, latest: [] } }));
    expect(empty.findByTestId(Text, 'no-registrations').text).toBe('No registrations yet.');

    const without = await renderLoaded(aPartnerCard());
    expect(without.maybeFind(Flex, { testId: 'registrations' })).toBeNull();
    expect(without.findAll(Heading).map((heading) => heading.text)).not.toContain('Registrations');
  });
});

describe('Partner enablement card: incentive requests', () => {
  const bonus = { requestId: 'r-1', type: 'bonus', title: 'Cross-sell bonus', amount: 'USD 2,000.00', status: 'pending' as const, submittedAt: '2026-11-18T09:00:00.000Z' };
  const spiff = { requestId: 'r-2', type: 'spiff_claim', title: 'First win SPIFF on deal 42', amount: 'USD 1,000.00', status: 'approved' as const, submittedAt: '2026-11-17T09:00:00.000Z' };

  it('lists the requests waiting for a person with their status and amount, and has no section when the backend keeps none', async () => {
    const renderer = await renderLoaded(aPartnerCard({ incentives: [bonus, spiff] }));
    const rows = [renderer.findByTestId(Flex, 'incentive-r-1'), renderer.findByTestId(Flex, 'incentive-r-2')];
    expect(rows.map((row) => [row.find(Tag).text, row.find(Text).text])).toEqual([
      ['Pending', 'Cross-sell bonus · USD 2,000.00'],
      ['Approved, unpaid', 'First win SPIFF on deal 42 · USD 1,000.00'],
    ]);
    expect(rows[0]!.maybeFind(Button, { testId: 'incentive-pay' })).toBeNull();
    expect(rows[1]!.find(Button, { testId: 'incentive-pay' }).text).toBe('Mark paid');

    const without = await renderLoaded(aPartnerCard());
    expect(without.findAll(Heading).map((heading) => heading.text)).not.toContain('Incentive requests');
  });

  it('approve posts the decision and shows what is still open', async () => {
    const renderer = await renderLoaded(aPartnerCard({ incentives: [bonus] }));
    fetchMock.mockResolvedValueOnce(jsonResponse({ outcome: 'decided', status: 'approved', message: 'Approved. The contact who asked was emailed.', open: [{ ...bonus, status: 'approved' }] }));

    renderer.findByTestId(Flex, 'incentive-r-1').find(Button, { testId: 'incentive-approve' }).trigger('onClick');

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Alert, 'incentive-result')).not.toBeNull());
    const { url, method, body } = describeCall(fetchMock.mock.calls[1]!);
    expect(url.origin + url.pathname).toBe(`${BACKEND}/hubspot/cards/partner-enablement/decide-incentive`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ portalId: '4242', companyId: '123' });
    expect(method).toBe('POST');
    expect(body).toEqual({ requestId: 'r-1', decision: 'approve' });
    expect(renderer.findByTestId(Alert, 'incentive-result').text).toBe('Approved. The contact who asked was emailed.');
    expect(renderer.findByTestId(Flex, 'incentive-r-1').find(Tag).text).toBe('Approved, unpaid');
  });

  it('rejects only with a reason, and sends it', async () => {
    const renderer = await renderLoaded(aPartnerCard({ incentives: [bonus] }));
    const row = () => renderer.findByTestId(Flex, 'incentive-r-1');
    expect(row().find(Button, { testId: 'incentive-reject' }).props.disabled).toBe(true);
    row().find(Input, { testId: 'incentive-reason' }).trigger('onChange', 'Not incremental' as never);
    await renderer.waitFor(() => expect(row().find(Button, { testId: 'incentive-reject' }).props.disabled).toBe(false));
    fetchMock.mockResolvedValueOnce(jsonResponse({ outcome: 'decided', status: 'rejected', message: 'Rejected.', open: [] }));

    row().find(Button, { testId: 'incentive-reject' }).trigger('onClick');

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Text, 'no-incentives')).not.toBeNull());
    expect(describeCall(fetchMock.mock.calls[1]!).body).toEqual({ requestId: 'r-1', decision: 'reject', reason: 'Not incremental' });
  });
});

describe('Partner enablement card: entry point', () => {
  it("hands HubSpot's context to the card and refreshes the record's properties after a recalculation", async () => {
    await import('./partner-enablement.js');
    const renderExtension = extendMock.mock.calls[0]?.[0] as (api: unknown) => ReactElement;
    const renderer = renderCard('crm.record.tab');
    renderer.mocks.context.crm.objectId = 777;
    fetchMock.mockResolvedValueOnce(jsonResponse(aPartnerCard({ companyId: '777' })));

    renderer.render(renderExtension({ context: renderer.mocks.context, actions: renderer.mocks.actions }));
    await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    expect(describeCall(fetchMock.mock.calls[0]!).url.searchParams.get('companyId')).toBe('777');

    fetchMock.mockResolvedValueOnce(jsonResponse({ changed: true, card: aPartnerCard({ companyId: '777' }) }));
    renderer.findByTestId(LoadingButton, 'recalculate').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.mocks.actions.refreshObjectProperties.callCount).toBe(1));
  });
});

describe('Partner enablement card: actions', () => {
  it('recalculate calls the backend and shows the result', async () => {
    const renderer = await renderLoaded(aPartnerCard({ score: 62 }));
    fetchMock.mockResolvedValueOnce(
      jsonResponse({ changed: true, card: aPartnerCard({ score: 88, tier: { id: 'gold', name: 'Gold' }, nextTier: { id: 'platinum', name: 'Platinum', targetScore: 95 } }) }),
    );

    renderer.findByTestId(LoadingButton, 'recalculate').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Alert, 'recalculate-result')).not.toBeNull());
    const { url, method, body } = describeCall(fetchMock.mock.calls[1]!);
    expect(url.origin + url.pathname).toBe(`${BACKEND}/hubspot/cards/partner-enablement/recalculate`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ portalId: '4242', companyId: '123' });
    expect(method).toBe('POST');
    expect(body).toEqual({});
    expect(renderer.findByTestId(Alert, 'recalculate-result').text).toBe('Recalculated: score 88, Gold.');
    expect(renderer.find(StatisticsItem, { label: 'Readiness score' }).props.number).toBe(88);
    expect(renderer.onPropertiesChanged).toHaveBeenCalledTimes(1);
  });

  it('shows the recalculation button as loading until the backend answers', async () => {
    const renderer = await renderLoaded(aPartnerCard());
    fetchMock.mockReturnValueOnce(new Promise(() => {}));

    renderer.findByTestId(LoadingButton, 'recalculate').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.findByTestId(LoadingButton, 'recalculate').props.loading).toBe(true));
  });

  it("shows the backend's message when a recalculation fails", async () => {
    const renderer = await renderLoaded(aPartnerCard());
    fetchMock.mockResolvedValueOnce(jsonResponse({ error: { code: 'NOT_FOUND', message: 'The company no longer exists.' } }, 404));

    renderer.findByTestId(LoadingButton, 'recalculate').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Alert, 'recalculate-error')).not.toBeNull());
    expect(renderer.findByTestId(Alert, 'recalculate-error').text).toBe('The company no longer exists.');
  });

  it('says in the assign-training form that consent will be asked', async () => {
    const { findByTestId } = await renderLoaded(aPartnerCard());

    expect(findByTestId(Text, 'consent-note').text).toBe(
      'The person is asked for their consent by email first; the track starts only once they accept.',
    );
    expect(findByTestId(Button, 'assign-submit').text).toBe('Ask for consent');
  });

  it('assign training posts the contact and track and shows that consent was requested', async () => {
    const renderer = await renderLoaded(aPartnerCard({ team: [aTeamMember({ contactId: '501', name: 'Ana Ruiz' })] }));
    expect(renderer.findByTestId(Button, 'assign-submit').props.disabled).toBe(true);
    choose(renderer.findByTestId(Select, 'assign-contact'), '501');
    choose(renderer.findByTestId(Select, 'assign-track'), 'technical');
    fetchMock.mockResolvedValueOnce(jsonResponse(anAssignment({ contactId: '501', track: 'technical', consentRequestedFrom: 'a***@partner.example' })));

    await renderer.waitFor(() => expect(renderer.findByTestId(Button, 'assign-submit').props.disabled).toBe(false));
    renderer.findByTestId(Form, 'assign-training').trigger('onSubmit');

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Alert, 'assign-result')).not.toBeNull());
    const { url, method, body } = describeCall(fetchMock.mock.calls[1]!);
    expect(url.origin + url.pathname).toBe(`${BACKEND}/hubspot/cards/partner-enablement/assign-training`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ portalId: '4242', companyId: '123' });
    expect(method).toBe('POST');
    expect(body).toEqual({ contactId: '501', track: 'technical' });
    expect(renderer.findByTestId(Alert, 'assign-result').text).toBe(
      'Consent requested from a***@partner.example. Technical starts once they accept.',
    );
  });

  it("shows the backend's refusal when the contact already has the maximum of active tracks", async () => {
    const renderer = await renderLoaded(aPartnerCard());
    choose(renderer.findByTestId(Select, 'assign-contact'), '501');
    choose(renderer.findByTestId(Select, 'assign-track'), 'advanced');
    fetchMock.mockResolvedValueOnce(
      jsonResponse({ error: { code: 'TRACK_LIMIT', message: 'Ana Ruiz already has 3 active tracks.' } }, 409),
    );

    await renderer.waitFor(() => expect(renderer.findByTestId(Button, 'assign-submit').props.disabled).toBe(false));
    renderer.findByTestId(Form, 'assign-training').trigger('onSubmit');

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Alert, 'assign-error')).not.toBeNull());
    expect(renderer.findByTestId(Alert, 'assign-error').text).toBe('Ana Ruiz already has 3 active tracks.');
  });

  it("shows the partner's health with its status and components, and business gaps with what is missing", async () => {
    const { findByTestId } = await renderLoaded(
      aPartnerCard({
        health: {
          score: 75,
          status: 'at_risk',
          components: [
            { name: 'revenue', value: 0.8, weight: 35, effectiveWeight: 35 },
            { name: 'winRate', value: null, weight: 15, effectiveWeight: 0 },
          ],
        },
        gaps: [{ type: 'requirement', priority: 'high', label: '$38,000 more closed-won revenue in the last 12 months', requirement: 'minRevenue12m', missing: 3800000 }],
      }),
    );

    const health = findByTestId(Flex, 'health');
    expect(health.find(StatisticsItem).props.number).toBe(75);
    expect(health.find(Tag).text).toBe('At risk');
    expect(health.findAll(Text).map((text) => text.text)).toEqual(['Revenue 80% · weight 35', 'Win rate: no data']);
    expect(findByTestId(Flex, 'gaps').findAll(Text).map((text) => text.text)).toContain('$38,000 more closed-won revenue in the last 12 months');
  });

  it('has no health section when the backend read no deals', async () => {
    const { maybeFind } = await renderLoaded(aPartnerCard());
    expect(maybeFind(Flex, { testId: 'health' })).toBeNull();
  });
});
