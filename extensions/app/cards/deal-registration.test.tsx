import { Alert, EmptyState, Flex, Link, LoadingButton, LoadingSpinner, Tag, Text, TextArea } from '@hubspot/ui-extensions';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DealRegistrationData } from './card-data.js';
import { DealRegistrationCard } from './components/deal-registration-card.js';
import { describeCountdown } from './describe-countdown.js';
import { describeInstant } from './describe-instant.js';
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
    decisions: ['approve', 'reject'],
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
    expect(findByTestId(Text, 'registration-times').text).toBe('Submitted 18 Nov 2026, 09:00 UTC · due 20 Nov 2026, 09:00 UTC');
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

describe('describeInstant', () => {
  it('shows an instant as day, month, year and time, naming UTC', () => {
    expect(describeInstant('2026-12-08T14:00:00.000Z')).toBe('8 Dec 2026, 14:00 UTC');
    expect(describeInstant('2027-01-01T00:05:00Z')).toBe('1 Jan 2027, 00:05 UTC');
    expect(describeInstant('not a time')).toBe('not a time');
  });
});

type Rendered = Awaited<ReturnType<typeof renderLoaded>>;

const buttons = (renderer: Rendered) =>
  renderer.findAll(LoadingButton).map((button) => button.props.testId).filter((id) => /-registration$/.test(String(id)));

function decisionAnswer(card: DealRegistrationData, notified = true) {
  return jsonResponse({ status: card.status, notified, card });
}

/** Types into the rejection reason (the test kit passes trigger's argument to the handler). */
function typeReason(renderer: Rendered, text: string): void {
  renderer.findByTestId(TextArea, 'reject-reason').trigger('onChange', text as never);
}

describe('Partner registration deal card: decisions', () => {
  it('offers approve and reject while pending, only extend while approved, and nothing once final', async () => {
    expect(buttons(await renderLoaded(aRegistration()))).toEqual(['approve-registration', 'reject-registration']);
    const approved = await renderLoaded(aRegistration({ status: 'approved', minutesToDue: null, expiresOn: '2027-03-06', decisions: ['extend'] }));
    expect(buttons(approved)).toEqual(['extend-registration']);
    expect(approved.maybeFind(TextArea, { testId: 'reject-reason' })).toBeNull();
    const extended = await renderLoaded(aRegistration({ status: 'approved', minutesToDue: null, expiresOn: '2027-04-05', decisions: [] }));
    expect(buttons(extended)).toEqual([]);
    const rejected = await renderLoaded(aRegistration({ status: 'rejected', minutesToDue: null, decisions: [] }));
    expect(buttons(rejected)).toEqual([]);
  });

  it("approves through the card's decision route, then shows the approved registration with its protection", async () => {
    const renderer = await renderLoaded(aRegistration());
    fetchMock.mockResolvedValueOnce(decisionAnswer(aRegistration({ status: 'approved', minutesToDue: null, expiresOn: '2027-03-06', decisions: ['extend'] })));

    renderer.findByTestId(LoadingButton, 'approve-registration').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(Tag, 'registration-status').text).toBe('Approved'));

    expect(fetchMock).toHaveBeenCalledTimes(2);
    const { url, method, body } = describeCall(fetchMock.mock.calls[1]!);
    expect(url.origin + url.pathname).toBe(`${BACKEND}/hubspot/cards/deal-registration/decision`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ portalId: '4242', dealId: '777' });
    expect(method).toBe('POST');
    expect(body).toEqual({ decision: 'approve' });
    const result = renderer.findByTestId(Alert, 'decision-result');
    expect(result.props.title).toBe('Registration approved');
    expect(result.text).toBe('Protected until 2027-03-06. The partner was emailed.');
    expect(buttons(renderer)).toEqual(['extend-registration']);
    expect(renderer.maybeFind(Text, { testId: 'registration-countdown' })).toBeNull();
  });

  it('refuses to reject without a reason, and sends the reason the approver typed', async () => {
    const renderer = await renderLoaded(aRegistration());

    renderer.findByTestId(LoadingButton, 'reject-registration').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(TextArea, 'reject-reason').props.error).toBe(true));
    expect(renderer.findByTestId(TextArea, 'reject-reason').props.validationMessage).toBe('A rejection needs a reason for the partner.');
    typeReason(renderer, '   ');
    renderer.findByTestId(LoadingButton, 'reject-registration').trigger('onClick');
    expect(fetchMock).toHaveBeenCalledTimes(1);

    fetchMock.mockResolvedValueOnce(decisionAnswer(aRegistration({ status: 'rejected', minutesToDue: null, decisions: [] }), false));
    typeReason(renderer, '  Customer already works with us directly. ');
    await renderer.waitFor(() => expect(renderer.findByTestId(TextArea, 'reject-reason').props.error).toBe(false));
    renderer.findByTestId(LoadingButton, 'reject-registration').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(Tag, 'registration-status').text).toBe('Rejected'));

    expect(describeCall(fetchMock.mock.calls[1]!).body).toEqual({ decision: 'reject', reason: 'Customer already works with us directly.' });
    expect(renderer.findByTestId(Alert, 'decision-result').text).toBe('The partner could not be emailed.');
    expect(buttons(renderer)).toEqual([]);
  });

  it("extends an approved registration's protection", async () => {
    const renderer = await renderLoaded(aRegistration({ status: 'approved', minutesToDue: null, expiresOn: '2027-03-06', decisions: ['extend'] }));
    fetchMock.mockResolvedValueOnce(decisionAnswer(aRegistration({ status: 'approved', minutesToDue: null, expiresOn: '2027-04-05', decisions: [] })));

    renderer.findByTestId(LoadingButton, 'extend-registration').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(Alert, 'decision-result').props.title).toBe('Protection extended'));

    expect(describeCall(fetchMock.mock.calls[1]!).body).toEqual({ decision: 'extend' });
    expect(renderer.findByTestId(Alert, 'decision-result').text).toBe('Protected until 2027-04-05. The partner was emailed.');
    expect(buttons(renderer)).toEqual([]);
  });

  it("shows the backend's refusal and keeps the registration as it was", async () => {
    const renderer = await renderLoaded(aRegistration());
    fetchMock.mockResolvedValueOnce(jsonResponse({ error: { code: 'REFUSED', message: 'A won registration cannot be approved: won is final.' } }, 409));

    renderer.findByTestId(LoadingButton, 'approve-registration').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.maybeFind(Alert, { testId: 'decision-error' })).not.toBeNull());

    const error = renderer.findByTestId(Alert, 'decision-error');
    expect(error.props.title).toBe('Could not approve');
    expect(error.text).toBe('A won registration cannot be approved: won is final.');
    expect(renderer.findByTestId(Tag, 'registration-status').text).toBe('Pending decision');
    expect(renderer.findByTestId(LoadingButton, 'approve-registration').props.loading).toBe(false);
  });
});
