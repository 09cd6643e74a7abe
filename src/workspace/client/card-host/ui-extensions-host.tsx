/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/*
 * The workspace's stand-in for HubSpot's UI-extension runtime: every `@hubspot/ui-extensions`
 * component and hook the cards and the app page use, drawn as plain HTML (charts as SVG), and `hubspot.extend` / `hubspot.fetch`.
 * Cards are bundled with `@hubspot/ui-extensions` pointing here (see build-workspace-bundles.ts);
 * a card that imports a name this module lacks fails the bundle and card-host-coverage.test.ts.
 */
import { createContext, useContext, type CSSProperties, type FormEvent, type ReactNode } from 'react';
import { cardFetch } from './card-fetch.js';
import { registerExtension } from './extension-registry.js';

type Children = { children?: ReactNode; testId?: string };
type Variant = string | undefined;

const testIdOf = (testId?: string) => (testId ? { 'data-testid': testId } : {});
const GAP: Record<string, string> = { flush: '0', extraSmall: '4px', xs: '4px', small: '8px', sm: '8px', medium: '16px', md: '16px', large: '24px', lg: '24px', extraLarge: '32px', xl: '32px' };

export function Flex(props: Children & { direction?: 'row' | 'column'; gap?: string; align?: string; justify?: string; wrap?: string | boolean }) {
  const style: CSSProperties = {
    display: 'flex',
    flexDirection: props.direction ?? 'row',
    gap: GAP[props.gap ?? 'flush'] ?? '0',
    alignItems: props.align === 'center' ? 'center' : props.align === 'end' ? 'flex-end' : props.align === 'start' ? 'flex-start' : undefined,
    justifyContent: props.justify === 'between' ? 'space-between' : props.justify === 'center' ? 'center' : props.justify === 'end' ? 'flex-end' : undefined,
    flexWrap: props.wrap ? 'wrap' : undefined,
  };
  return <div className="uie-flex" style={style} {...testIdOf(props.testId)}>{props.children}</div>;
}

export function Text(props: Children & { variant?: 'bodytext' | 'microcopy'; format?: { fontWeight?: string; italic?: boolean } }) {
  const style: CSSProperties = { fontWeight: props.format?.fontWeight === 'bold' ? 600 : undefined, fontStyle: props.format?.italic ? 'italic' : undefined };
  return <p className={`uie-text uie-text-${props.variant ?? 'bodytext'}`} style={style} {...testIdOf(props.testId)}>{props.children}</p>;
}

export function Link(props: Children & { href: string | { url: string; external?: boolean } }) {
  const url = typeof props.href === 'string' ? props.href : props.href.url;
  return <a className="uie-link" href={url} target="_blank" rel="noreferrer noopener" {...testIdOf(props.testId)}>{props.children}</a>;
}

export function Heading(props: Children) {
  return <h4 className="uie-heading" {...testIdOf(props.testId)}>{props.children}</h4>;
}

export function Divider(props: { testId?: string }) {
  return <hr className="uie-divider" {...testIdOf(props.testId)} />;
}

export function Tag(props: Children & { variant?: Variant }) {
  return <span className={`uie-tag uie-tag-${props.variant ?? 'default'}`} {...testIdOf(props.testId)}>{props.children}</span>;
}

export function Alert(props: Children & { title: string; variant?: Variant }) {
  return (
    <div role="alert" className={`uie-alert uie-alert-${props.variant ?? 'info'}`} {...testIdOf(props.testId)}>
      <strong>{props.title}</strong>
      <div>{props.children}</div>
    </div>
  );
}

export function EmptyState(props: Children & { title?: string; layout?: string; imageName?: string }) {
  return (
    <div className="uie-empty" {...testIdOf(props.testId)}>
      {props.title ? <strong>{props.title}</strong> : null}
      {props.children}
    </div>
  );
}

export function ErrorState(props: Children & { title?: string; type?: string }) {
  return (
    <div role="alert" className="uie-error-state" {...testIdOf(props.testId)}>
      {props.title ? <strong>{props.title}</strong> : null}
      {props.children}
    </div>
  );
}

export function LoadingSpinner(props: { label: string; showLabel?: boolean; layout?: string; testId?: string }) {
  return (
    <div className="uie-spinner" role="status" aria-label={props.label} {...testIdOf(props.testId)}>
      <span className="uie-spinner-dot" />
      {props.showLabel ? <span>{props.label}</span> : null}
    </div>
  );
}

interface ButtonProps extends Children {
  onClick?: () => void;
  variant?: Variant;
  type?: 'button' | 'submit' | 'reset';
  disabled?: boolean;
  href?: string;
}

export function Button(props: ButtonProps) {
  if (props.href) {
    return <a className={`uie-button uie-button-${props.variant ?? 'secondary'}`} href={props.href} target="_blank" rel="noreferrer" {...testIdOf(props.testId)}>{props.children}</a>;
  }
  return (
    <button
      className={`uie-button uie-button-${props.variant ?? 'secondary'}`}
      type={props.type ?? 'button'}
      disabled={props.disabled}
      onClick={props.onClick ? () => props.onClick?.() : undefined}
      {...testIdOf(props.testId)}
    >
      {props.children}
    </button>
  );
}

export function LoadingButton(props: ButtonProps & { loading?: boolean }) {
  return (
    <Button {...props} disabled={props.disabled || props.loading}>
      {props.loading ? <span className="uie-spinner-dot" aria-hidden /> : null}
      {props.children}
    </Button>
  );
}

export function Form(props: Children & { onSubmit?: (event: unknown) => void; preventDefault?: boolean }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    // HubSpot's forms never navigate; `preventDefault` only says the card wants that too.
    event.preventDefault();
    props.onSubmit?.({ targetValue: Object.fromEntries(new FormData(event.currentTarget).entries()) });
  };
  return <form className="uie-form" onSubmit={submit} {...testIdOf(props.testId)}>{props.children}</form>;
}

interface SelectOption {
  value: string | number | boolean;
  label: string;
}

export function Select(props: {
  name?: string;
  label?: string;
  value?: string | number | boolean;
  options: SelectOption[];
  required?: boolean;
  placeholder?: string;
  onChange?: (value: string | number | boolean) => void;
  testId?: string;
}) {
  return (
    <label className="uie-field">
      <span>{props.label}{props.required ? ' *' : ''}</span>
      <select
        name={props.name}
        required={props.required}
        value={props.value === undefined ? '' : String(props.value)}
        onChange={(event) => {
          const chosen = props.options.find((option) => String(option.value) === event.target.value);
          props.onChange?.(chosen ? chosen.value : event.target.value);
        }}
        {...testIdOf(props.testId)}
      >
        <option value="">{props.placeholder ?? 'Choose…'}</option>
        {props.options.map((option) => <option key={String(option.value)} value={String(option.value)}>{option.label}</option>)}
      </select>
    </label>
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value?: string;
  required?: boolean;
  placeholder?: string;
  description?: string;
  error?: boolean;
  validationMessage?: string;
  onChange?: (value: string) => void;
  onInput?: (value: string) => void;
  testId?: string;
}) {
  return (
    <label className="uie-field">
      <span>{props.label}{props.required ? ' *' : ''}</span>
      {props.description ? <span className="uie-text-microcopy">{props.description}</span> : null}
      <textarea
        name={props.name}
        required={props.required}
        placeholder={props.placeholder}
        value={props.value ?? ''}
        onChange={(event) => {
          props.onInput?.(event.target.value);
          props.onChange?.(event.target.value);
        }}
        {...testIdOf(props.testId)}
      />
      {props.error && props.validationMessage ? <span className="uie-field-error">{props.validationMessage}</span> : null}
    </label>
  );
}

export function Input(props: { name?: string; label?: string; value?: string; required?: boolean; placeholder?: string; onChange?: (value: string) => void; testId?: string }) {
  return (
    <label className="uie-field">
      <span>{props.label}{props.required ? ' *' : ''}</span>
      <input
        type="text"
        name={props.name}
        required={props.required}
        placeholder={props.placeholder}
        value={props.value ?? ''}
        onChange={(event) => props.onChange?.(event.target.value)}
        {...testIdOf(props.testId)}
      />
    </label>
  );
}

export function ProgressBar(props: {
  value?: number;
  maxValue?: number;
  title?: string;
  valueDescription?: string;
  showPercentage?: boolean;
  variant?: Variant;
  testId?: string;
}) {
  const max = props.maxValue ?? 100;
  const value = Math.max(0, Math.min(max, props.value ?? 0));
  const percent = max > 0 ? Math.round((value / max) * 100) : 0;
  return (
    <div className={`uie-progress uie-progress-${props.variant ?? 'success'}`} {...testIdOf(props.testId)}>
      <div className="uie-progress-head">
        <span>{props.title}</span>
        {props.showPercentage ? <span>{`${percent}%`}</span> : null}
      </div>
      <div className="uie-progress-track" role="progressbar" aria-valuenow={value} aria-valuemax={max} aria-valuemin={0}>
        <div className="uie-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {props.valueDescription ? <small>{props.valueDescription}</small> : null}
    </div>
  );
}

export function Statistics(props: Children) {
  return <div className="uie-statistics" {...testIdOf(props.testId)}>{props.children}</div>;
}

export function StatisticsItem(props: Children & { label: string; number: string | number; id?: string }) {
  return (
    <div className="uie-stat" {...testIdOf(props.testId)}>
      <span className="uie-stat-label">{props.label}</span>
      <span className="uie-stat-number">{String(props.number)}</span>
      {props.children}
    </div>
  );
}

export function StatisticsTrend(props: { direction: 'increase' | 'decrease'; value?: string; color?: string; testId?: string }) {
  return (
    <span className={`uie-trend uie-trend-${props.direction}`} {...testIdOf(props.testId)}>
      {props.direction === 'increase' ? '▲' : '▼'} {props.value}
    </span>
  );
}

const TableSection = createContext<'head' | 'body'>('body');

export function Table(props: Children & { bordered?: boolean; density?: string }) {
  return <table className={`uie-table${props.bordered === false ? '' : ' uie-table-bordered'}`} {...testIdOf(props.testId)}>{props.children}</table>;
}

export function TableHead(props: Children) {
  return <thead {...testIdOf(props.testId)}><TableSection.Provider value="head">{props.children}</TableSection.Provider></thead>;
}

export function TableBody(props: Children) {
  return <tbody {...testIdOf(props.testId)}><TableSection.Provider value="body">{props.children}</TableSection.Provider></tbody>;
}

export function TableRow(props: Children) {
  return <tr {...testIdOf(props.testId)}>{props.children}</tr>;
}

export function TableHeader(props: Children) {
  return <th {...testIdOf(props.testId)}>{props.children}</th>;
}

export function TableCell(props: Children) {
  const section = useContext(TableSection);
  return section === 'head' ? <th>{props.children}</th> : <td {...testIdOf(props.testId)}>{props.children}</td>;
}

type ChartRow = Record<string, number | string>;
interface ChartAxis {
  field: string;
  fieldType: 'category' | 'linear' | 'datetime';
  label?: string;
}

const CHART_COLORS = ['#2f7eb3', '#d9822b', '#3e9b5f', '#b3446c', '#7b61b8', '#8a6d3b'];
const CHART = { width: 640, height: 260, left: 48, right: 16, top: 16, bottom: 36 };

/** The points of one line of a chart: per series (the `groupFieldByColor` value), x categories in row order. */
export function chartSeries(rows: readonly ChartRow[], x: string, y: string, group: string | undefined): { categories: string[]; series: Map<string, Array<{ category: string; value: number }>> } {
  const categories = [...new Set(rows.map((row) => String(row[x])))];
  const series = new Map<string, Array<{ category: string; value: number }>>();
  for (const row of rows) {
    const name = group ? String(row[group]) : y;
    const value = Number(row[y]);
    if (!Number.isFinite(value)) continue;
    series.set(name, [...(series.get(name) ?? []), { category: String(row[x]), value }]);
  }
  return { categories, series };
}

/** HubSpot's `LineChart`, drawn as an SVG: a category x axis, a linear y axis from 0, one coloured line per group. */
export function LineChart(props: {
  data: ChartRow[] | { data: ChartRow[] };
  axes: { x: ChartAxis; y: ChartAxis; options?: { groupFieldByColor?: string } };
  options?: { title?: string; showLegend?: boolean };
  testId?: string;
}) {
  const rows = Array.isArray(props.data) ? props.data : props.data.data;
  const { categories, series } = chartSeries(rows, props.axes.x.field, props.axes.y.field, props.axes.options?.groupFieldByColor);
  const max = Math.max(1, ...[...series.values()].flatMap((points) => points.map((point) => point.value)));
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const xOf = (category: string) => CHART.left + (categories.length < 2 ? plotWidth / 2 : (categories.indexOf(category) * plotWidth) / (categories.length - 1));
  const yOf = (value: number) => CHART.top + plotHeight - (value / max) * plotHeight;
  const names = [...series.keys()];
  return (
    <figure className="uie-chart" {...testIdOf(props.testId)}>
      {props.options?.title ? <figcaption>{props.options.title}</figcaption> : null}
      <svg viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-label={props.options?.title ?? props.axes.y.label ?? 'chart'}>
        <line x1={CHART.left} y1={CHART.top + plotHeight} x2={CHART.width - CHART.right} y2={CHART.top + plotHeight} stroke="#99a" />
        <line x1={CHART.left} y1={CHART.top} x2={CHART.left} y2={CHART.top + plotHeight} stroke="#99a" />
        <text x={4} y={CHART.top + 8} fontSize="11">{String(Math.round(max * 10) / 10)}</text>
        <text x={CHART.left - 12} y={CHART.top + plotHeight} fontSize="11">0</text>
        {categories.length === 0 ? (
          <text x={CHART.left + plotWidth / 2} y={CHART.top + plotHeight / 2} fontSize="12" textAnchor="middle" fill="#516f90">No data</text>
        ) : null}
        {categories.map((category) => (
          <text key={category} x={xOf(category)} y={CHART.height - 14} fontSize="11" textAnchor="middle">{category}</text>
        ))}
        {names.map((name, index) => {
          const points = series.get(name)!;
          const color = CHART_COLORS[index % CHART_COLORS.length];
          return (
            <g key={name} data-series={name}>
              <polyline fill="none" stroke={color} strokeWidth="2" points={points.map((point) => `${xOf(point.category)},${yOf(point.value)}`).join(' ')} />
              {points.map((point) => (
                <circle key={point.category} cx={xOf(point.category)} cy={yOf(point.value)} r="3" fill={color}>
                  <title>{`${name} ${point.category}: ${point.value}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      {props.options?.showLegend && names.length > 0 ? (
        <ul className="uie-chart-legend">
          {names.map((name, index) => (
            <li key={name} style={{ color: CHART_COLORS[index % CHART_COLORS.length] }}>{name}</li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}

/** `hubspot.extend` registers the card being loaded; `hubspot.fetch` goes through HubSpot's proxy. */
export const hubspot = {
  extend: registerExtension,
  fetch: cardFetch,
};
