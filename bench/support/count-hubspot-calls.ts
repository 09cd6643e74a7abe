import type { RequestLogEntry } from '../../src/sandbox/index.js';

/** The kinds of HubSpot request the benches tell apart. */
export const CALL_KINDS = [
  'companyBatchRead',
  'companyContactAssociationRead',
  'contactBatchRead',
  'contactCompanyAssociationRead',
  'companyBatchWrite',
  'contactBatchWrite',
  'companyRead',
  'companyAssociationRead',
  'companyWrite',
  'noteCreate',
  'taskCreate',
  'noteBatchCreate',
  'taskBatchCreate',
  'other',
] as const;
export type CallKind = (typeof CALL_KINDS)[number];

const PATTERNS: Array<[CallKind, string, RegExp]> = [
  ['companyBatchRead', 'POST', /^\/crm\/v3\/objects\/companies\/batch\/read$/],
  ['companyContactAssociationRead', 'POST', /^\/crm\/v4\/associations\/companies\/contacts\/batch\/read$/],
  ['contactBatchRead', 'POST', /^\/crm\/v3\/objects\/contacts\/batch\/read$/],
  ['contactCompanyAssociationRead', 'POST', /^\/crm\/v4\/associations\/contacts\/companies\/batch\/read$/],
  ['companyBatchWrite', 'POST', /^\/crm\/v3\/objects\/companies\/batch\/update$/],
  ['contactBatchWrite', 'POST', /^\/crm\/v3\/objects\/contacts\/batch\/update$/],
  ['companyRead', 'GET', /^\/crm\/v3\/objects\/companies\/\d+$/],
  ['companyAssociationRead', 'GET', /^\/crm\/v4\/objects\/companies\/\d+\/associations\/contacts$/],
  ['companyWrite', 'PATCH', /^\/crm\/v3\/objects\/companies\/\d+$/],
  ['noteCreate', 'POST', /^\/crm\/v3\/objects\/notes$/],
  ['taskCreate', 'POST', /^\/crm\/v3\/objects\/tasks$/],
  ['noteBatchCreate', 'POST', /^\/crm\/v3\/objects\/notes\/batch\/create$/],
  ['taskBatchCreate', 'POST', /^\/crm\/v3\/objects\/tasks\/batch\/create$/],
];

/** The kinds that create notes and tasks (tier changes, declining trends) rather than read or write outputs. */
export const ACTIVITY_KINDS: readonly CallKind[] = ['noteCreate', 'taskCreate', 'noteBatchCreate', 'taskBatchCreate'];

/** Requests of one kind: how many, and how full their batches were. */
export interface KindCount {
  calls: number;
  /** Sum of `inputs` over the batch calls (records read or written). */
  inputs: number;
}

/** What the sandbox served, by kind. `total` counts every request, `rateLimited` the 429s among them. */
export interface CallBreakdown {
  byKind: Record<CallKind, KindCount>;
  total: number;
  /** Requests answered 429 (they did not use HubSpot's budget, but they are calls). */
  rateLimited: number;
  /** Requests answered with another error status (≥ 400, not 429). */
  failed: number;
}

/** Requests that created notes or tasks, and how many notes and tasks they created. */
export function activityCounts(breakdown: CallBreakdown): { calls: number; created: number } {
  let calls = 0;
  let created = 0;
  for (const kind of ACTIVITY_KINDS) {
    const { calls: n, inputs } = breakdown.byKind[kind];
    calls += n;
    // A single create makes one record; a batch create makes one per input.
    created += kind === 'noteCreate' || kind === 'taskCreate' ? n : inputs;
  }
  return { calls, created };
}

export function kindOf(entry: Pick<RequestLogEntry, 'method' | 'path'>): CallKind {
  for (const [kind, method, pattern] of PATTERNS) if (entry.method === method && pattern.test(entry.path)) return kind;
  return 'other';
}

/** Sorts the sandbox's request log into kinds. */
export function countHubSpotCalls(entries: readonly RequestLogEntry[]): CallBreakdown {
  const byKind = Object.fromEntries(CALL_KINDS.map((kind) => [kind, { calls: 0, inputs: 0 }])) as Record<CallKind, KindCount>;
  let rateLimited = 0;
  let failed = 0;
  for (const entry of entries) {
    if (entry.status === 429) rateLimited += 1;
    else if (entry.status >= 400) failed += 1;
    const count = byKind[kindOf(entry)];
    count.calls += 1;
    count.inputs += entry.inputs ?? 0;
  }
  return { byKind, total: entries.length, rateLimited, failed };
}
