/**
 * The path matching of HubSpot's app-page router (`@hubspot/ui-extensions/pages`, 0.17), kept
 * apart from React so it reads and tests alone. Paths are split into segments; a route's segment
 * is static (`docs`), a parameter (`:customerId`) or, last only, the wildcard (`*`). When several
 * routes match, a static segment beats a parameter and a parameter beats the wildcard, segment by
 * segment from the left, whatever the order the routes were declared in (as the package's trie).
 */

type Segment = { kind: 0; text: string } | { kind: 1; name: string } | { kind: 2 };

interface CompiledRoute<T> {
  pattern: string;
  segments: Segment[];
  data: T;
}

export interface MatchedPageRoute<T> {
  data: T;
  params: Record<string, string>;
}

export interface PageRouteTable<T> {
  add(path: string, data: T): void;
  match(path: string): MatchedPageRoute<T> | null;
}

/** `//a/b/` → `/a/b`; `` → `/`. */
export function normalizePagePath(path: string): string {
  return `/${path.replace(/\/+/g, '/').replace(/\/$/, '').replace(/^\//, '')}`;
}

function splitPath(path: string): string[] {
  const normalized = normalizePagePath(path);
  return normalized === '/' ? [] : normalized.slice(1).split('/');
}

function compile(path: string): Segment[] {
  const parts = splitPath(path);
  return parts.map((part, index): Segment => {
    if (part === '*') {
      if (index !== parts.length - 1) throw new Error(`Wildcard must be the last segment in route: ${normalizePagePath(path)}`);
      return { kind: 2 };
    }
    if (part.startsWith(':')) {
      if (part.length === 1) throw new Error(`Invalid route "${normalizePagePath(path)}": param segment at position ${index} has an empty name`);
      return { kind: 1, name: part.slice(1) };
    }
    return { kind: 0, text: part };
  });
}

/** The same shape: `/a/:x` and `/a/:y` would always match together. */
function shapeOf(segments: readonly Segment[]): string {
  return segments.map((segment) => (segment.kind === 0 ? `s:${segment.text}` : segment.kind === 1 ? 'p' : 'w')).join('/');
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The route's parameters for `parts`, or null when it does not match. */
function matchRoute(segments: readonly Segment[], parts: readonly string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    if (segment.kind === 2) {
      // As the package's trie: the wildcard stands for one segment or more, never for none.
      if (parts.length <= index) return null;
      params['*'] = parts.slice(index).join('/');
      return params;
    }
    const part = parts[index];
    if (part === undefined) return null;
    if (segment.kind === 0 && segment.text !== part) return null;
    if (segment.kind === 1) params[segment.name] = decode(part);
  }
  return segments.length === parts.length ? params : null;
}

/** Negative when `a` wins: the first segment where they differ decides (static < param < wildcard). */
function compareRoutes(a: readonly Segment[], b: readonly Segment[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = a[index]!.kind - b[index]!.kind;
    if (difference !== 0) return difference;
  }
  return 0;
}

/** An empty route table; `add` throws on a malformed path or one that conflicts with an earlier route. */
export function createPageRouteTable<T>(): PageRouteTable<T> {
  const routes: CompiledRoute<T>[] = [];
  return {
    add(path, data) {
      const segments = compile(path);
      const pattern = normalizePagePath(path);
      const conflict = routes.find((route) => shapeOf(route.segments) === shapeOf(segments));
      if (conflict) throw new Error(`Route conflict: "${pattern}" conflicts with existing route "${conflict.pattern}"`);
      routes.push({ pattern, segments, data });
    },
    match(path) {
      const parts = splitPath(path);
      let best: { route: CompiledRoute<T>; params: Record<string, string> } | null = null;
      for (const route of routes) {
        const params = matchRoute(route.segments, parts);
        if (params && (!best || compareRoutes(route.segments, best.route.segments) < 0)) best = { route, params };
      }
      return best ? { data: best.route.data, params: best.params } : null;
    },
  };
}
