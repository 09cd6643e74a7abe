import { Button, ErrorState, LineChart, LoadingSpinner, StatisticsItem, Table, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { ServedProgramDashboard } from '../../../src/program-metrics/serve-program-dashboard.js';
import type { ProgramDashboardResponse } from './program-dashboard-data.js';
import { ProgramDashboardPage } from './program-dashboard-page.js';

const { fetchMock } = vi.hoisted(() => ({ fetchMock: vi.fn() }));

// hubspot.fetch only exists inside HubSpot's worker; everything else in the package is real.
vi.mock('@hubspot/ui-extensions', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@hubspot/ui-extensions')>();
  return { ...actual, hubspot: { ...actual.hubspot, fetch: fetchMock } };
});

const BACKEND = 'https://enablement.test';
const QUARTERS = ['2025Q2', '2025Q3', '2025Q4', '2026Q1', '2026Q2', '2026Q3', '2026Q4', '2027Q1'];

function metric(value: number | null, target: { threshold: number; better: 'higher' | 'lower' } | null, met: boolean | null) {
  return { value, previous: value, target, met };
}

function aDashboard(): ProgramDashboardResponse {
  return {
    quarter: { label: '2027Q1', firstDay: '2027-01-01', lastDay: '2027-03-31' },
    previousQuarter: '2026Q4',
    currency: 'EUR',
    headline: {
      partnersInProgram: metric(42, null, null),
      partnerRevenue: metric(12_345_600, null, null),
      averageReadiness: metric(88.2, { threshold: 85, better: 'higher' }, true),
      certificationCompletionPercent: metric(75, { threshold: 80, better: 'higher' }, false),
      trainingCompletionPercent: metric(71, { threshold: 70, better: 'higher' }, true),
      daysToFirstCertification: metric(50, { threshold: 45, better: 'lower' }, false),
      renewalRatePercent: metric(null, { threshold: 90, better: 'higher' }, null),
      registrationDecisionHours: metric(20, null, null),
    },
    revenue: {
      byTier: [
        { group: 'gold', partners: 5, revenue: { amountMinor: 9_000_000, currency: 'EUR' }, target: { amountMinor: 8_000_000, currency: 'EUR' }, met: true },
        { group: 'silver', partners: 12, revenue: { amountMinor: 3_345_600, currency: 'EUR' }, target: { amountMinor: 5_000_000, currency: 'EUR' }, met: false },
        { group: 'none', partners: 25, revenue: { amountMinor: 0, currency: 'EUR' }, target: null, met: null },
      ],
    },
    registrations: { submitted: 7, decided: 6, medianDecisionHours: 20, slaBreaches: 2, previous: { submitted: 4, decided: 4, medianDecisionHours: 30, slaBreaches: 0 } },
    series: {
      quarters: QUARTERS,
      values: {
        partnersInProgram: [30, 32, 33, 35, 37, 39, 40, 42],
        partnerRevenue: [1, 2, 3, 4, 5, 6, 7, 12_345_600],
        averageReadiness: [70, 72, 75, 78, 80, 83, 86, 88.24],
        certificationCompletionPercent: [50, 55, 60, 62, 65, 70, 72, 75],
        trainingCompletionPercent: [40, 45, 50, 55, 60, 65, 68, 71],
        daysToFirstCertification: [60, 58, 57, 55, 54, 52, 51, 50],
        renewalRatePercent: [null, null, null, null, null, null, 92, null],
        registrationDecisionHours: [30, 28, 27, 25, 24, 22, 21, 20],
      },
    },
    computedAt: '2027-04-15T16:05:00.000Z',
  };
}

function renderPage(origin: string | null = BACKEND) {
  const renderer = createRenderer('pages');
  renderer.mocks.context.variables = origin === null ? {} : { PUBLIC_BASE_URL: origin };
  renderer.mocks.context.portal.id = 4242;
  renderer.render(<ProgramDashboardPage context={renderer.mocks.context} />);
  return renderer;
}

async function renderLoaded(body: unknown, status = 200) {
  fetchMock.mockResolvedValueOnce(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  const renderer = renderPage();
  await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  return renderer;
}

interface TextTree {
  text: string | null;
  childNodes?: TextTree[];
}

function textOf(node: TextTree): string {
  if (!node.childNodes) return node.text ?? '';
  return node.childNodes.map(textOf).join(' ');
}

beforeEach(() => {
  fetchMock.mockReset();
});

describe('Program dashboard app page', () => {
  it('reads the shape the backend route answers', () => {
    expectTypeOf<ServedProgramDashboard>().toMatchTypeOf<ProgramDashboardResponse>();
  });

  it("asks the signed program route for this portal's dashboard", async () => {
    await renderLoaded(aDashboard());

    const [url, options] = fetchMock.mock.calls[0] as [string, { method: string }];
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe(`${BACKEND}/hubspot/pages/program`);
    expect(Object.fromEntries(parsed.searchParams)).toEqual({ portalId: '4242' });
    expect(options.method).toBe('GET');
  });

  it('renders each headline metric with its value, its target and whether it is met', async () => {
    const { findAll, findByTestId } = await renderLoaded(aDashboard());

    const items = findAll(StatisticsItem).map((item) => [item.props.label, item.props.number]);
    expect(items).toEqual([
      ['Partners in program', '42'],
      ['Partner-sourced revenue', '€123,456.00'],
      ['Average readiness', '88.2'],
      ['Certification completion', '75%'],
      ['Training completion', '71%'],
      ['Days to first certification (median)', '50'],
      ['Renewal rate', '—'],
      ['Registration decision hours (median)', '20'],
    ]);
    expect(textOf(findByTestId(Text, 'target-averageReadiness'))).toBe('target > 85');
    expect(textOf(findByTestId(Tag, 'met-averageReadiness'))).toBe('Met');
    expect(textOf(findByTestId(Text, 'target-certificationCompletionPercent'))).toBe('target > 80%');
    expect(findByTestId(Tag, 'met-certificationCompletionPercent').props.variant).toBe('error');
    expect(textOf(findByTestId(Tag, 'met-certificationCompletionPercent'))).toBe('Not met');
    expect(textOf(findByTestId(Text, 'target-daysToFirstCertification'))).toBe('target < 45');
    expect(textOf(findByTestId(Tag, 'met-daysToFirstCertification'))).toBe('Not met');
    expect(textOf(findByTestId(Tag, 'met-renewalRatePercent'))).toBe('No target');
    expect(textOf(findByTestId(Text, 'target-partnersInProgram'))).toBe('no target');
  });

  it('says when the figures were computed, with the time zone', async () => {
    const { findByTestId } = await renderLoaded(aDashboard());

    expect(textOf(findByTestId(Text, 'computed-at')).trim()).toBe('Figures as of 2027-04-15 16:05 UTC');
  });

  it('renders revenue by tier against its target', async () => {
    const { find } = await renderLoaded(aDashboard());

    const rows = find(Table).findAll(TableRow).map((row) => textOf(row).replace(/\s+/g, ' ').trim());
    expect(rows).toEqual([
      'Tier Partners Revenue Target Status',
      'gold 5 €90,000.00 €80,000.00 Met',
      'silver 12 €33,456.00 €50,000.00 Not met',
      'none 25 €0.00 — No target',
    ]);
  });

  it('shows the registrations of the quarter: volume, median decision time and SLA breaches', async () => {
    const { findByTestId } = await renderLoaded(aDashboard());

    expect(textOf(findByTestId(Text, 'registrations')).replace(/\s+/g, ' ').trim()).toBe(
      'Submitted 7 (previous 4), decided 6, median decision time 20 h, SLA breaches 2 (previous 0)',
    );
  });

  it('shows no median decision time when no registration of the quarter was decided', async () => {
    const dashboard = aDashboard();
    dashboard.registrations = { ...dashboard.registrations, decided: 0, medianDecisionHours: null };
    const { findByTestId } = await renderLoaded(dashboard);

    expect(textOf(findByTestId(Text, 'registrations'))).toContain('median decision time —');
  });

  it('charts the eight-quarter series of the percentage metrics, leaving out quarters without a value', async () => {
    const { find } = await renderLoaded(aDashboard());

    const chart = find(LineChart);
    const rows = chart.props.data as { quarter: string; metric: string; value: number }[];
    expect([...new Set(rows.map((row) => row.quarter))]).toEqual(QUARTERS);
    expect(rows.filter((row) => row.metric === 'Average readiness').map((row) => row.value)).toEqual([70, 72, 75, 78, 80, 83, 86, 88.2]);
    expect(rows.filter((row) => row.metric === 'Renewal rate')).toEqual([{ quarter: '2026Q4', metric: 'Renewal rate', value: 92 }]);
    expect(new Set(rows.map((row) => row.metric))).toEqual(
      new Set(['Average readiness', 'Certification completion', 'Training completion', 'Renewal rate']),
    );
    expect(chart.props.axes).toMatchObject({ x: { field: 'quarter', fieldType: 'category' }, y: { field: 'value', fieldType: 'linear' }, options: { groupFieldByColor: 'metric' } });
  });

  it("shows the backend's error with a retry that asks again", async () => {
    const renderer = await renderLoaded({ error: { code: 'SERVICE_UNAVAILABLE', message: 'Metrics are being rebuilt.' } }, 503);
    expect(textOf(renderer.find(ErrorState))).toContain('Metrics are being rebuilt.');

    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify(aDashboard()), { status: 200 }));
    renderer.findByTestId(Button, 'retry').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.maybeFind(LineChart)).not.toBeNull());
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('asks nothing and offers no retry when the upload profile has no backend origin', async () => {
    const renderer = renderPage(null);
    await renderer.waitFor(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());

    expect(fetchMock).not.toHaveBeenCalled();
    expect(renderer.maybeFind(Button)).toBeNull();
  });
});
