import { Fragment, createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AppPageLocationContext, type AppPageLocation } from '../../../src/workspace/client/card-host/app-page-location.js';
import { createPageRouteTable } from '../../../src/workspace/client/card-host/page-route-table.js';
import { PageLink, PageRoutes, createPageRouter, usePageRoute } from '../../../src/workspace/client/card-host/ui-extensions-pages-host.js';

/*
 * The workspace's stand-in for `@hubspot/ui-extensions/pages`: the router renders the route the
 * page's location names, as the package's router does (see its create-page-router and trie-router).
 */

const h = createElement;

/** A route component that prints where it is: its name, the matched route id and the params. */
function showing(name: string) {
  return function Shown() {
    const route = usePageRoute();
    return h('p', null, `${name} ${route.routeId ?? '-'} ${JSON.stringify(route.params)}`);
  };
}

function Layout({ children }: { children: ReactNode }) {
  return h('section', { className: 'layout' }, children);
}

const Router = createPageRouter(
  h(
    PageRoutes,
    null,
    h(PageRoutes.IndexRoute, { component: showing('home'), id: 'home' }),
    h(PageRoutes.Route, { path: '/docs', component: showing('docs') }),
    h(PageRoutes, {
      path: '/customers',
      layoutComponent: Layout,
      children: h(
        Fragment,
        null,
        h(PageRoutes.IndexRoute, { component: showing('customers') }),
        h(PageRoutes.Route, { path: '/:customerId', component: showing('customer'), id: 'customer' }),
        h(PageRoutes.Route, { path: '/new', component: showing('new-customer') }),
      ),
    }),
    h(PageRoutes.AnyRoute, { component: showing('not-found') }),
  ),
);

function renderAt(path: string, params: Record<string, string> = {}, router = Router): string {
  const location: AppPageLocation = { path, params, href: (to, query) => `#/app/test${to}?${new URLSearchParams(query).toString()}` };
  return renderToStaticMarkup(h(AppPageLocationContext.Provider, { value: location }, h(router)));
}

describe("the workspace host's app-page router", () => {
  it('renders the index route at the page root, with its route id', () => {
    expect(renderAt('/')).toBe('<p>home home {}</p>');
  });

  it('renders a route by its path, ignoring a trailing slash', () => {
    expect(renderAt('/docs/')).toBe('<p>docs - {}</p>');
  });

  it('wraps nested routes in their layout and passes path parameters and the query to usePageRoute', () => {
    expect(renderAt('/customers/42', { tab: 'deals' })).toBe('<section class="layout"><p>customer customer {&quot;customerId&quot;:&quot;42&quot;,&quot;tab&quot;:&quot;deals&quot;}</p></section>');
    expect(renderAt('/customers')).toBe('<section class="layout"><p>customers - {}</p></section>');
  });

  it('prefers a static segment to a parameter, whatever the declaration order', () => {
    expect(renderAt('/customers/new')).toContain('new-customer');
  });

  it('sends an unknown path to the any-route with the rest of the path', () => {
    expect(renderAt('/nowhere/at/all')).toBe('<p>not-found - {&quot;*&quot;:&quot;nowhere/at/all&quot;}</p>');
  });

  it('shows "Page not found" for an unknown path when the page has no any-route', () => {
    const OnlyHome = createPageRouter(h(PageRoutes, null, h(PageRoutes.IndexRoute, { component: showing('home') })));
    const html = renderAt('/docs', {}, OnlyHome);
    expect(html).toContain('Page not found');
    expect(html).toContain('This app page does not exist.');
  });

  it('throws when the router renders with two routes of one id, not when it is created', () => {
    const Twice = createPageRouter(h(PageRoutes, null, h(PageRoutes.IndexRoute, { component: showing('a'), id: 'x' }), h(PageRoutes.Route, { path: '/b', component: showing('b'), id: 'x' })));
    expect(() => renderAt('/', {}, Twice)).toThrow('Duplicate route id: "x"');
  });

  it('refuses to render a route descriptor outside a router', () => {
    expect(() => renderToStaticMarkup(h(PageRoutes.IndexRoute, { component: showing('a') }))).toThrow(/Use createPageRouter/);
  });

  it("links to another path of the page, filling the path's parameters and putting the others in the query", () => {
    const location: AppPageLocation = { path: '/', params: {}, href: (to, query) => `#/app/test${to}?${new URLSearchParams(query).toString()}` };
    const html = renderToStaticMarkup(h(AppPageLocationContext.Provider, { value: location }, h(PageLink, { to: '/customers/:customerId', params: { customerId: '7', tab: 'deals' } }, 'Customer 7')));
    expect(html).toBe('<a class="uie-link" href="#/app/test/customers/7?tab=deals">Customer 7</a>');
  });
});

describe('the page route table', () => {
  it('refuses a wildcard before the last segment and two routes of the same shape', () => {
    const table = createPageRouteTable<string>();
    expect(() => table.add('/a/*/b', 'x')).toThrow(/Wildcard must be the last segment/);
    table.add('/a/:id', 'first');
    expect(() => table.add('/a/:other', 'second')).toThrow(/conflicts with existing route "\/a\/:id"/);
  });

  it('lets the wildcard stand for one segment or more, never for none', () => {
    const table = createPageRouteTable<string>();
    table.add('/files/*', 'files');
    expect(table.match('/files')).toBeNull();
    expect(table.match('/files/a/b')).toEqual({ data: 'files', params: { '*': 'a/b' } });
  });
});
