import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQuarterLabel } from '../../../../src/domain/governance/parse-quarter-label.js';
import { buildProgramDashboard } from '../../../../src/domain/metrics/build-program-dashboard.js';
import { listDashboardQuarters } from '../../../../src/domain/metrics/list-dashboard-quarters.js';
import { SEED_METRIC_TARGETS } from '../../../../src/domain/metrics/metric-targets.js';
import { renderProgramDashboard } from '../../../../src/domain/metrics/render-program-dashboard.js';
import { selectQuarterData } from '../../../../src/domain/metrics/select-quarter-data.js';
import { DEFAULT_PROGRAM } from '../../../../src/program/default-program.js';
import { FIXTURE_HISTORY } from './program-dashboard-fixture.js';

const EXPECTED = readFileSync(new URL('./fixtures/program-2027Q1.md', import.meta.url), 'utf8');

describe('renderProgramDashboard', () => {
  it('lays the fixture program of 2027Q1 out as the performance report', () => {
    const quarters = listDashboardQuarters(parseQuarterLabel('2027Q1', 1), 1).map((quarter) => selectQuarterData(FIXTURE_HISTORY, quarter, 'America/New_York'));
    const dashboard = buildProgramDashboard({ quarters, currency: 'USD', targets: SEED_METRIC_TARGETS, revenueTargets: DEFAULT_PROGRAM.governance.health.revenueTargets });
    expect(renderProgramDashboard(dashboard)).toBe(EXPECTED);
  });
});
