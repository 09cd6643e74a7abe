import {
  Button,
  ErrorState,
  Flex,
  Heading,
  LineChart,
  LoadingSpinner,
  Statistics,
  StatisticsItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  type PagesContext,
} from '@hubspot/ui-extensions';
import { backendOrigin, fetchProgramDashboard } from './api.js';
import { CHARTED_METRICS, METRIC_LABELS, describeTarget, formatMetricValue, formatMoney } from './describe-metric.js';
import { HEADLINE_METRICS, type ProgramDashboardResponse } from './program-dashboard-data.js';
import { usePageData } from './use-page-data.js';

function MetTag({ met, testId }: { met: boolean | null; testId: string }) {
  if (met === null) return <Tag testId={testId} variant="default">No target</Tag>;
  return met ? <Tag testId={testId} variant="success">Met</Tag> : <Tag testId={testId} variant="error">Not met</Tag>;
}

function HeadlineMetrics({ dashboard }: { dashboard: ProgramDashboardResponse }) {
  return (
    <Statistics>
      {HEADLINE_METRICS.map((metric) => {
        const figure = dashboard.headline[metric];
        const target = describeTarget(metric, figure.target, dashboard.currency);
        return (
          <StatisticsItem key={metric} id={metric} label={METRIC_LABELS[metric]} number={formatMetricValue(metric, figure.value, dashboard.currency)}>
            <Text testId={`target-${metric}`}>{target ?? 'no target'}</Text>
            {figure.target ? <MetTag testId={`met-${metric}`} met={figure.met} /> : null}
          </StatisticsItem>
        );
      })}
    </Statistics>
  );
}

function RevenueByTier({ dashboard }: { dashboard: ProgramDashboardResponse }) {
  return (
    <Table testId="tier-table" bordered>
      <TableHead>
        <TableRow>
          <TableHeader>Tier</TableHeader>
          <TableHeader>Partners</TableHeader>
          <TableHeader>Revenue</TableHeader>
          <TableHeader>Target</TableHeader>
          <TableHeader>Status</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {dashboard.revenue.byTier.map((row) => (
          <TableRow key={row.group}>
            <TableCell>{row.group}</TableCell>
            <TableCell>{String(row.partners)}</TableCell>
            <TableCell>{formatMoney(row.revenue)}</TableCell>
            <TableCell>{row.target ? formatMoney(row.target) : '—'}</TableCell>
            <TableCell>
              <MetTag testId={`tier-met-${row.group}`} met={row.met} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Registrations({ dashboard }: { dashboard: ProgramDashboardResponse }) {
  const { registrations } = dashboard;
  const hours = registrations.medianDecisionHours === null ? '—' : `${registrations.medianDecisionHours} h`;
  return (
    <Text testId="registrations">
      Submitted {String(registrations.submitted)} (previous {String(registrations.previous.submitted)}), decided {String(registrations.decided)}, median decision time {hours},
      SLA breaches {String(registrations.slaBreaches)} (previous {String(registrations.previous.slaBreaches)})
    </Text>
  );
}

/** The chart's rows: one per quarter and charted metric with a value (a quarter without one is left out). */
export function trendRows(dashboard: ProgramDashboardResponse): { quarter: string; metric: string; value: number }[] {
  return dashboard.series.quarters.flatMap((quarter, index) =>
    CHARTED_METRICS.flatMap((metric) => {
      const value = dashboard.series.values[metric][index];
      return value === null || value === undefined ? [] : [{ quarter, metric: METRIC_LABELS[metric], value: Math.round(value * 10) / 10 }];
    }),
  );
}

function Trends({ dashboard }: { dashboard: ProgramDashboardResponse }) {
  return (
    <LineChart
      testId="trend-chart"
      data={trendRows(dashboard)}
      axes={{
        x: { field: 'quarter', fieldType: 'category', label: 'Quarter' },
        y: { field: 'value', fieldType: 'linear', label: 'Percent / score' },
        options: { groupFieldByColor: 'metric' },
      }}
      options={{ title: `Enablement over ${dashboard.series.quarters.length} quarters`, showLegend: true }}
    />
  );
}

/**
 * When the figures were computed, in UTC named as such: the backend serves an answer up to 15
 * minutes old (docs/metrics.md "Precomputed answers"), so the page says how fresh it is.
 */
export function figuresAsOf(computedAt: string): string {
  const at = new Date(computedAt);
  if (Number.isNaN(at.getTime())) return 'Figures as of an unknown time';
  const iso = at.toISOString();
  return `Figures as of ${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function ProgramDashboardView({ dashboard }: { dashboard: ProgramDashboardResponse }) {
  return (
    <Flex direction="column" gap="md">
      <Heading>
        Program {dashboard.quarter.label} (against {dashboard.previousQuarter})
      </Heading>
      <Text testId="computed-at" variant="microcopy">
        {figuresAsOf(dashboard.computedAt)}
      </Text>
      <HeadlineMetrics dashboard={dashboard} />
      <Heading>Revenue by tier</Heading>
      <RevenueByTier dashboard={dashboard} />
      <Heading>Registrations</Heading>
      <Registrations dashboard={dashboard} />
      <Heading>Trends</Heading>
      <Trends dashboard={dashboard} />
    </Flex>
  );
}

/** The program dashboard app page: loads the last closed quarter's dashboard from the backend. */
export function ProgramDashboardPage({ context }: { context: Pick<PagesContext, 'variables' | 'portal'> }) {
  const origin = backendOrigin(context.variables);
  const { state, reload } = usePageData(origin === null ? null : () => fetchProgramDashboard({ origin, portalId: context.portal.id }));
  if (state.status === 'loading') return <LoadingSpinner testId="page-loading" label="Loading the program dashboard" layout="centered" showLabel />;
  if (state.status === 'error') {
    return (
      <ErrorState testId="page-error" title="Could not load the program dashboard" type="error">
        <Text>{state.error.message}</Text>
        {state.error.code === 'NOT_CONFIGURED' ? null : (
          <Button testId="retry" variant="secondary" onClick={reload}>
            Try again
          </Button>
        )}
      </ErrorState>
    );
  }
  return <ProgramDashboardView dashboard={state.data} />;
}
