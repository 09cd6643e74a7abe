import type { CallBreakdown, CallKind } from './count-hubspot-calls.js';
import { count } from './format-table.js';

const KIND_LABELS: Partial<Record<CallKind, string>> = {
  companyBatchRead: 'company batch reads',
  companyContactAssociationRead: 'company→contact association batch reads',
  contactBatchRead: 'contact batch reads',
  contactCompanyAssociationRead: 'contact→company association batch reads',
  companyBatchWrite: 'company batch writes',
  contactBatchWrite: 'contact batch writes',
  companyRead: 'company single reads',
  companyAssociationRead: 'company association single reads',
  companyWrite: 'company single writes',
  noteCreate: 'notes created (tier changes)',
  taskCreate: 'tasks created (declining trend)',
  noteBatchCreate: 'note batch creates (tier changes)',
  taskBatchCreate: 'task batch creates (declining trend)',
  other: 'other',
};

/** Rows of a breakdown: kind, calls, records, records per call (only kinds that occurred). */
export function breakdownRows(breakdown: CallBreakdown): string[][] {
  return Object.entries(breakdown.byKind)
    .filter(([, c]) => c.calls > 0)
    .map(([kind, c]) => [KIND_LABELS[kind as CallKind] ?? kind, count(c.calls), c.inputs > 0 ? count(c.inputs) : '', c.inputs > 0 ? (c.inputs / c.calls).toFixed(1) : '']);
}
