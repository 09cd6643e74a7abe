/** One API request the sandbox answered. */
export interface RequestLogEntry {
  method: string;
  /** Path without the query string, e.g. `/crm/v3/objects/companies/batch/read`. */
  path: string;
  status: number;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  durationMs: number;
  /** Number of `inputs` in a batch body, when there was one. */
  inputs?: number;
}

/** Which requests to count: every given field must match. */
export interface RequestFilter {
  method?: string;
  /** Exact path, or a pattern tested against the path. */
  path?: string | RegExp;
  status?: number;
}

/** Every request in arrival order, with counters for tests and benchmarks. */
export class RequestLog {
  readonly entries: RequestLogEntry[] = [];

  /** `limit`: keep only the newest entries (a long-running sandbox); counts cover what is kept. */
  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    trimOldest(this.entries, this.limit);
  }

  count(filter: RequestFilter = {}): number {
    return this.entries.filter((entry) => matchesFilter(entry, filter)).length;
  }

  reset(): void {
    this.entries.length = 0;
  }
}

export function matchesFilter(entry: { method: string; path: string; status?: number }, filter: RequestFilter): boolean {
  if (filter.method && filter.method.toUpperCase() !== entry.method.toUpperCase()) return false;
  if (filter.status !== undefined && filter.status !== entry.status) return false;
  if (filter.path instanceof RegExp) return filter.path.test(entry.path);
  if (typeof filter.path === 'string') return filter.path === entry.path;
  return true;
}

/** Drops the oldest items beyond `limit`, in place. */
export function trimOldest(items: unknown[], limit: number): void {
  if (items.length > limit) items.splice(0, items.length - limit);
}
