import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LineChart, chartSeries } from '../../../src/workspace/client/card-host/ui-extensions-host.js';

const ROWS = [
  { quarter: '2026Q3', metric: 'Readiness', value: 80 },
  { quarter: '2026Q3', metric: 'Renewal', value: 90 },
  { quarter: '2026Q4', metric: 'Readiness', value: 86 },
  { quarter: '2027Q1', metric: 'Readiness', value: 88 },
  { quarter: '2027Q1', metric: 'Renewal', value: 95 },
];

describe("the workspace host's LineChart", () => {
  it('groups rows into one line per colour group, categories in row order, skipping a quarter a group lacks', () => {
    const { categories, series } = chartSeries(ROWS, 'quarter', 'value', 'metric');

    expect(categories).toEqual(['2026Q3', '2026Q4', '2027Q1']);
    expect(series.get('Readiness')!.map((point) => point.value)).toEqual([80, 86, 88]);
    expect(series.get('Renewal')!.map((point) => point.category)).toEqual(['2026Q3', '2027Q1']);
  });

  it('draws an SVG with a line and a titled point per value, and the legend', () => {
    const html = renderToStaticMarkup(
      createElement(LineChart, {
        testId: 'trend',
        data: ROWS,
        axes: { x: { field: 'quarter', fieldType: 'category' }, y: { field: 'value', fieldType: 'linear' }, options: { groupFieldByColor: 'metric' } },
        options: { title: 'Enablement', showLegend: true },
      }),
    );

    expect(html).toContain('data-testid="trend"');
    expect(html.match(/<polyline/g)).toHaveLength(2);
    expect(html.match(/<circle/g)).toHaveLength(5);
    expect(html).toContain('<title>Renewal 2027Q1: 95</title>');
    expect(html).toContain('<li style="color:#d9822b">Renewal</li>');
  });

  it('says so when there is nothing to draw, rather than drawing bare axes', () => {
    const html = renderToStaticMarkup(
      createElement(LineChart, { data: [], axes: { x: { field: 'quarter', fieldType: 'category' }, y: { field: 'value', fieldType: 'linear' } } }),
    );

    expect(html).toContain('>No data</text>');
    expect(html).not.toContain('<polyline');
  });
});
