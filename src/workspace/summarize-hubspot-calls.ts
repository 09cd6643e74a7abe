/** The request log, summed up for the workspace's HubSpot calls page. */
export interface HubSpotCallSummary {
  total: number;
  byEndpoint: Array<{ method: string; endpoint: string; count: number; statuses: Record<string, number> }>;
  budget: { max: number; intervalMs: number; usedInWindow: number; remaining: number };
  recent: Array<{ at: number; method: string; path: string; status: number; inputs?: number }>;
}

/** `/crm/v3/objects/companies/123` → `/crm/v3/objects/companies/{id}`: endpoints, not records. */
export function endpointOf(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^\d+$/.test(segment) || /^ap-[\w-]+$/.test(segment) ? '{id}' : segment))
    .join('/');
}

/** Counts by endpoint and status, and what is left of the rolling 10-second budget. */
export function summarizeHubSpotCalls(
  entries: readonly { method: string; path: string; status: number; at: number; inputs?: number }[],
  limit: { max: number; intervalMs: number },
  now: number,
): HubSpotCallSummary {
  const groups = new Map<string, { method: string; endpoint: string; count: number; statuses: Record<string, number> }>();
  for (const entry of entries) {
    const endpoint = endpointOf(entry.path);
    const key = `${entry.method} ${endpoint}`;
    const group = groups.get(key) ?? { method: entry.method, endpoint, count: 0, statuses: {} };
    group.count += 1;
    group.statuses[String(entry.status)] = (group.statuses[String(entry.status)] ?? 0) + 1;
    groups.set(key, group);
  }
  const usedInWindow = entries.filter((entry) => entry.at > now - limit.intervalMs).length;
  return {
    total: entries.length,
    byEndpoint: [...groups.values()].sort((a, b) => b.count - a.count),
    budget: { ...limit, usedInWindow, remaining: Math.max(0, limit.max - usedInWindow) },
    recent: entries.slice(-50).reverse().map(({ at, method, path, status, inputs }) => ({ at, method, path, status, ...(inputs !== undefined ? { inputs } : {}) })),
  };
}
