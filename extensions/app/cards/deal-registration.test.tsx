import { EmptyState, Flex, Link, LoadingSpinner, Tag, Text } from '@hubspot/ui-extensions';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DealRegistrationData } from './card-data.js';
import { DealRegistrationCard } from './components/deal-registration-card.js';
import { describeCountdown } from './describe-countdown.js';
import { BACKEND, describeCall, jsonResponse, renderCard } from './test-support/render-card.js';

const { fetchMock } = vi.hoisted(() => ({ fetchMock: vi.fn() }));

// hubspot.fetch only exists inside HubSpot's worker; everything else in the package is real.
vi.mock('@hubspot/ui-extensions', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@hubspot/ui-extensions')>();
  return { ...actual, hubspot: { ...actual.hubspot, fetch: fetchMock } };
});

function aRegistration(overrides: Partial<DealRegistrationData> = {}): DealRegistrationData {
  return {
    isRegistration: true,
    dealId: '777',
    status: 'submitted',
    conflict: 'possible',
    conflictSummary: 'Possible conflict: Globex Resellers registered globex.example on 2026-11-10.',
    conflictRecords: [{ label: 'Deal 555, won on 2026-10-01', url: 'https://app.hubspot.com/contacts/4242/record/0-3/555' }],
    partner: { companyId: '123', name: 'Acme Resellers', url: 'https://app.hubspot.com/contacts/4242/record/0-2/123' },
    submittedAt: '2026-11-18T09:00:00.000Z',
    dueAt: '2026-11-20T09:00:00.000Z',
    minutesToDue: 26 * 60 + 5,
    expiresOn: null,
    ...overrides,
  };
}

async function renderLoaded(data: unknown) {
  fetchMock.mockResolvedValueOnce(jsonResponse(data));
  const renderer = renderCard('crm.record.sidebar');
  renderer.mocks.context.crm.objectId = 777;
  renderer.mocks.context.portal.id = 4242;
  renderer.render(<DealRegistrationCard context={renderer.mocks.context} />);
  await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  return renderer;
}

beforeEach(() => {
  fetchMock.mockReset();
});

describe('Partner registration deal card', () => {
  it("asks the backend for this portal's deal and shows status, conflict, partner link and the time left to decide", async () => {
    const { findByTestId } = await renderLoaded(aRegistration());

    const { url, method } = describeCall(fetchMock.mock.calls[0]!);
    expect(url.origin + url.pathname).toBe(`${BACKEND}/hubspot/cards/deal-registration`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ portalId: '4242', dealId: '777' });
    expect(method).toBe('GET');
    expect(findByTestId(Tag, 'registration-status').text).toBe('Pending decision');
    expect(findByTestId(Tag, 'registration-conflict').text).toBe('Possible conflict');
    expect(findByTestId(Text, 'registration-countdown').text).toBe('Decision due in 1 d 2 h');
    const partner = findByTestId(Link, 'registration-partner');
    expect(partner.text).toBe('Acme Resellers');
    expect(partner.props.href).toEqual({ url: 'https://app.hubspot.com/contacts/4242/record/0-2/123', external: true });
    expect(findByTestId(Text, 'registration-conflict-summary').text).toBe('Possible conflict: Globex Resellers registered globex.example on 2026-11-10.');
    const records = findByTestId(Flex, 'registration-conflict-records').findAll(Link);
    expect(records.map((link) => [link.text, link.props.href])).toEqual([
      ['Deal 555, won on 2026-10-01', { url: 'https://app.hubspot.com/contacts/4242/record/0-3/555', external: true }],
    ]);
  });

  it('shows no countdown once decided, and says when the deal is not a registration', async () => {
    const approved = await renderLoaded(aRegistration({ status: 'approved', conflict: 'none', minutesToDue: null, expiresOn: '2027-02-18' }));
    expect(approved.findByTestId(Tag, 'registration-status').text).toBe('Approved');
    expect(approved.maybeFind(Text, { testId: 'registration-countdown' })).toBeNull();

    const plain = await renderLoaded({ isRegistration: false, dealId: '777' });
    expect(plain.findByTestId(EmptyState, 'not-a-registration').props.title).toBe('Not a partner registration');
  });

  it('words the countdown in days, hours or minutes, and overdue', () => {
    expect(describeCountdown(2 * 1_440 + 3 * 60)).toBe('Decision due in 2 d 3 h');
    expect(describeCountdown(90)).toBe('Decision due in 1 h 30 min');
    expect(describeCountdown(12)).toBe('Decision due in 12 min');
    expect(describeCountdown(-185)).toBe('Decision overdue by 3 h 5 min');
  });
});
