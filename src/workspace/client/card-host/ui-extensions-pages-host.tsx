/// <reference lib="dom" />
/*
 * The workspace's stand-in for `@hubspot/ui-extensions/pages` (0.17): the app-page router
 * (`createPageRouter` with `PageRoutes`, its `IndexRoute`, `Route` and `AnyRoute`, nested
 * `PageRoutes` with a path and a layout), `usePageRoute`, and the navigation components the host
 * can draw. The page is bundled with `@hubspot/ui-extensions/pages` pointing here (see
 * build-workspace-bundles.ts); a page importing a name this module lacks fails the bundle and
 * card-host-coverage.test.ts. Behaviour follows the package's own router: route ids must be
 * unique, errors in the routes show when the router renders, an unmatched path shows
 * "Page not found".
 */
import { Children, Fragment, createContext, isValidElement, useContext, useEffect, useMemo, type ComponentType, type ReactElement, type ReactNode } from 'react';
import { AppPageLocationContext, type AppPageLocation } from './app-page-location.js';
import { createPageRouteTable, type PageRouteTable } from './page-route-table.js';
import { EmptyState, Text } from './ui-extensions-host.js';

type RouteComponent = ComponentType<Record<string, never>>;
type LayoutComponent = ComponentType<{ children: ReactNode }>;

interface RouteProps {
  component: RouteComponent;
  id?: string;
}

interface PageRoutesProps {
  path?: string;
  layoutComponent?: LayoutComponent;
  children: ReactNode;
}

/** The route the router matched, as `usePageRoute` answers it. */
export interface MatchedPageRoute {
  routeId?: string;
  path: string;
  params: Record<string, string>;
}

interface RouteData {
  component: RouteComponent;
  layouts: LayoutComponent[];
  id?: string;
}

function descriptorOnly(name: string): never {
  throw new Error(`<${name}> should not be rendered directly. Use createPageRouter instead.`);
}

/** A collection of routes; read by `createPageRouter`, never rendered. */
export function PageRoutes(_props: PageRoutesProps): null {
  return descriptorOnly('PageRoutes');
}
PageRoutes.IndexRoute = function IndexRoute(_props: RouteProps): null {
  return descriptorOnly('PageRoutes.IndexRoute');
};
PageRoutes.Route = function Route(_props: RouteProps & { path: string }): null {
  return descriptorOnly('PageRoutes.Route');
};
PageRoutes.AnyRoute = function AnyRoute(_props: RouteProps): null {
  return descriptorOnly('PageRoutes.AnyRoute');
};

function describeNode(node: unknown): string {
  if (isValidElement(node)) {
    const type = node.type as string | { displayName?: string; name?: string };
    return `<${typeof type === 'string' ? type : (type.displayName ?? type.name ?? 'Unknown')} />`;
  }
  return JSON.stringify(node) ?? String(node);
}

/** Adds the routes under `children` to the table, with the path prefix and layouts of their ancestors. */
function addRoutes(table: PageRouteTable<RouteData>, ids: Set<string>, children: ReactNode, prefix: string, layouts: LayoutComponent[]): void {
  Children.forEach(children, (child) => {
    if (child === null || child === undefined || typeof child === 'boolean') return;
    if (!isValidElement(child)) throw new Error(`Invalid React node for page routes: ${describeNode(child)}`);
    const element = child as ReactElement<Record<string, unknown>>;
    if (element.type === Fragment) return addRoutes(table, ids, element.props.children as ReactNode, prefix, layouts);
    if (element.type === PageRoutes) {
      const props = element.props as unknown as PageRoutesProps;
      return addRoutes(table, ids, props.children, prefix + (props.path ?? ''), props.layoutComponent ? [...layouts, props.layoutComponent] : layouts);
    }
    const path = element.type === PageRoutes.IndexRoute ? '/' : element.type === PageRoutes.AnyRoute ? '*' : element.type === PageRoutes.Route ? String(element.props.path) : null;
    if (path === null) throw new Error(`Invalid React node for page routes: ${describeNode(child)}`);
    const { component, id } = element.props as unknown as RouteProps;
    if (id !== undefined) {
      if (ids.has(id)) throw new Error(`Duplicate route id: "${id}"`);
      ids.add(id);
    }
    table.add(prefix + path, { component, layouts, id });
  });
}

const PageRouteContext = createContext<MatchedPageRoute | null>(null);

/**
 * HubSpot's `createPageRouter`: the router component for these routes. Mistakes in the routes
 * (duplicate ids, a wildcard in the middle, conflicting paths) throw when the router renders, so
 * the host shows them where the page would be.
 */
export function createPageRouter(routes: ReactElement): ComponentType<Record<string, never>> {
  let table: PageRouteTable<RouteData> | Error;
  try {
    const built = createPageRouteTable<RouteData>();
    addRoutes(built, new Set(), routes, '', []);
    table = built;
  } catch (error) {
    table = error instanceof Error ? error : new Error(String(error));
  }
  return function PageRouter() {
    if (table instanceof Error) throw table;
    const location = useAppPageLocation();
    const matched = useMemo(() => (table as PageRouteTable<RouteData>).match(location.path), [location.path]);
    const route: MatchedPageRoute = matched
      ? { routeId: matched.data.id, path: location.path, params: { ...matched.params, ...location.params } }
      : { path: location.path, params: location.params };
    let content: ReactNode;
    if (!matched) {
      content = (
        <EmptyState title="Page not found" layout="vertical">
          <Text>This app page does not exist.</Text>
        </EmptyState>
      );
    } else {
      const Component = matched.data.component;
      content = matched.data.layouts.reduceRight<ReactNode>((node, Layout) => <Layout>{node}</Layout>, <Component />);
    }
    return <PageRouteContext.Provider value={route}>{content}</PageRouteContext.Provider>;
  };
}

function useAppPageLocation(): AppPageLocation {
  const location = useContext(AppPageLocationContext);
  if (!location) throw new Error('An app page router rendered outside an app page: the workspace renders pages through its app-page slot.');
  return location;
}

/** The route the router matched, with its parameters and the query's. */
export function usePageRoute(): MatchedPageRoute {
  const route = useContext(PageRouteContext);
  if (!route) throw new Error('usePageRoute must be used within a <PageRouter> component produced by createPageRouter.');
  return route;
}

/** `to` with its `:name` tokens replaced from `params`; the other params become the query. */
function resolveLink(to: string, params: Record<string, string> = {}): { path: string; query: Record<string, string> } {
  const query = { ...params };
  const path = to.replace(/:(\w+)/g, (token, name: string) => {
    if (!(name in query)) return token;
    const value = encodeURIComponent(query[name]!);
    delete query[name];
    return value;
  });
  return { path, query };
}

/** A link to another path of the app page. */
export function PageLink(props: { to: string; params?: Record<string, string>; children?: ReactNode; testId?: string }) {
  const location = useAppPageLocation();
  const { path, query } = resolveLink(props.to, props.params);
  return (
    <a className="uie-link" href={location.href(path, query)} {...(props.testId ? { 'data-testid': props.testId } : {})}>
      {props.children}
    </a>
  );
}

/** The page's heading; HubSpot also makes it the browser tab's title. */
export function PageTitle(props: { children: string; testId?: string }) {
  useEffect(() => {
    document.title = props.children;
  }, [props.children]);
  return <h1 className="uie-page-title" {...(props.testId ? { 'data-testid': props.testId } : {})}>{props.children}</h1>;
}
