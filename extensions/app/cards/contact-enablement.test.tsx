import { Button, ErrorState, Flex, LoadingSpinner, Tag, Text } from '@hubspot/ui-extensions';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ContactEnablementCard } from './components/contact-enablement-card.js';
import { aContactCard } from './test-support/card-data-fixtures.js';
import { BACKEND, describeCall, jsonResponse, renderCard, textOf } from './test-support/render-card.js';

const { fetchMock } = vi.hoisted(() => ({ fetchMock: vi.fn() }));

// hubspot.fetch only exists inside HubSpot's worker; everything else in the package is real.
vi.mock('@hubspot/ui-extensions', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@hubspot/ui-extensions')>();
  return { ...actual, hubspot: { ...actual.hubspot, fetch: fetchMock } };
});

function renderContactCard() {
  const renderer = renderCard('crm.record.sidebar');
  renderer.mocks.context.crm.objectId = 501;
  renderer.mocks.context.portal.id = 4242;
  renderer.render(<ContactEnablementCard context={renderer.mocks.context} />);
  return renderer;
}

async function renderLoaded(data: unknown) {
  fetchMock.mockResolvedValueOnce(jsonResponse(data));
  const renderer = renderContactCard();
  await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  return renderer;
}

beforeEach(() => {
  fetchMock.mockReset();
});

describe('Enablement contact sidebar card', () => {
  it('renders a loading spinner while the backend answers', () => {
    fetchMock.mockReturnValueOnce(new Promise(() => {}));
    const { findByTestId } = renderContactCard();

    expect(findByTestId(LoadingSpinner, 'card-loading').props.label).toBe('Loading enablement');
  });

  it("asks the backend for this portal's contact", async () => {
    await renderLoaded(aContactCard());

    const { url, method } = describeCall(fetchMock.mock.calls[0]!);
    expect(url.origin + url.pathname).toBe(`${BACKEND}/hubspot/cards/contact-enablement`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ portalId: '4242', contactId: '501' });
    expect(method).toBe('GET');
  });

  it("renders the person's certifications with their status and expiry", async () => {
    const { findByTestId } = await renderLoaded(
      aContactCard({
        certifications: [
          { certificationId: 'sales_fundamentals', name: 'Sales Fundamentals', status: 'expiring', earnedOn: '2025-12-01', expiresOn: '2026-12-01', daysToExpiry: 11 },
          { certificationId: 'technical_associate', name: 'Technical Associate', status: 'active', earnedOn: '2026-01-10', expiresOn: '2028-01-10', daysToExpiry: 416 },
        ],
      }),
    );

    const rows = findByTestId(Flex, 'contact-certifications').findAllChildren(Flex);
    expect(rows.map((row) => [row.find(Tag).text, row.find(Text).text])).toEqual([
      ['Expiring', 'Sales Fundamentals: expires 2026-12-01 (in 11 days)'],
      ['Active', 'Technical Associate: expires 2028-01-10 (in 416 days)'],
    ]);
  });

  it('renders the active tracks with their deadlines and the tracks awaiting consent', async () => {
    const { findByTestId } = await renderLoaded(
      aContactCard({
        activeTracks: [{ id: 'technical', name: 'Technical', deadline: '2026-12-11' }],
        pendingTracks: [{ id: 'advanced', name: 'Advanced' }],
      }),
    );

    const tracks = findByTestId(Flex, 'contact-tracks');
    expect(tracks.findAllChildren(Text).map((text) => text.text)).toEqual(['Technical: due 2026-12-11']);
    expect(textOf(tracks.findChild(Flex))).toBe('Advanced Awaiting consent');
  });

  it('says when the person has no certifications and no training', async () => {
    const { findByTestId } = await renderLoaded(aContactCard({ certifications: [], activeTracks: [], pendingTracks: [] }));

    expect(findByTestId(Text, 'no-certifications').text).toBe('No certifications.');
    expect(findByTestId(Text, 'no-tracks').text).toBe('No training in progress.');
  });

  it('says when the person belongs to no partner', async () => {
    const { findByTestId } = await renderLoaded(aContactCard({ partner: null }));

    expect(findByTestId(Text, 'contact-partner').text).toBe('Not associated with a partner.');
  });

  it('renders the error with a retry that loads again', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ error: { code: 'NOT_FOUND', message: 'The contact no longer exists.' } }, 404));
    const renderer = renderContactCard();
    await renderer.waitFor(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(renderer.find(ErrorState).find(Text).text).toBe('The contact no longer exists.');

    fetchMock.mockResolvedValueOnce(jsonResponse(aContactCard()));
    renderer.findByTestId(Button, 'retry').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Flex, 'contact-certifications')).not.toBeNull());
  });
});
