/**
 * A plain-text table: the first row is the header, columns are padded to their widest cell. By
 * default the first column is aligned left and the others (numbers) right.
 */
export function formatTable(rows: ReadonlyArray<ReadonlyArray<string | number>>, align?: ReadonlyArray<'left' | 'right'>): string {
  const cells = rows.map((row) => row.map(String));
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const alignOf = (column: number) => align?.[column] ?? (column === 0 ? 'left' : 'right');
  const line = (row: string[]) =>
    row.map((cell, column) => (alignOf(column) === 'left' ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}

/** `1.23×` */
export function ratio(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 0.1 ? `${value.toFixed(4)}×` : `${value.toFixed(2)}×`;
}

/** A count with thousands separators. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Whether a measured ratio meets its goal (at most `goal`). */
export function verdict(value: number, goal: number): 'PASS' | 'MISS' {
  return value <= goal ? 'PASS' : 'MISS';
}
