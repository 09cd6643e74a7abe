/// <reference lib="dom" />
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { WorkspaceApp } from '../workspace-api.js';
import { AppPageLocationContext, type AppPageLocation } from './app-page-location.js';
import { ExtensionBoundary } from './extension-boundary.js';
import { loadExtension, type ExtensionArguments, type PageActions, type PageContext } from './extension-registry.js';

/** The workspace address of the app page `uid` at `path` (the page's own path) with `query`. */
export function appPageHref(uid: string, path: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return `#/app/${encodeURIComponent(uid)}${path === '/' ? '' : path}${search ? `?${search}` : ''}`;
}

/**
 * Renders the app's page as HubSpot does: loads its bundle, calls its `hubspot.extend` callback
 * once with a `pages` context, and gives its router the location from the workspace's address
 * (`#/app/<uid>/<page path>?<query>`), so a `PageLink` moves within the page without reloading it.
 */
export function AppPageSlot(props: { app: WorkspaceApp; page: WorkspaceApp['pages'][number]; path: string; query: Record<string, string> }) {
  const { app, page } = props;
  const [extension, setExtension] = useState<{ extend: (args: ExtensionArguments) => ReactNode } | { error: string }>();
  useEffect(() => {
    loadExtension(page.uid, `/workspace/pages/${encodeURIComponent(page.uid)}.js`).then(
      (extend) => setExtension({ extend }),
      (error: unknown) => setExtension({ error: String(error) }),
    );
  }, [page.uid]);
  // HubSpot calls the callback once per page view; the route changes reach the router through its location.
  const rendered = useMemo(() => {
    if (!extension || 'error' in extension) return null;
    const context: PageContext = {
      location: 'pages',
      portal: { id: app.portalId, timezone: 'UTC' },
      user: { id: app.user.id, email: app.user.email, emails: [app.user.email], firstName: app.user.firstName, lastName: app.user.lastName, locale: app.user.locale, roles: [], teams: [], permissions: [] },
      variables: { PUBLIC_BASE_URL: app.serverUrl },
      extension: { appId: Number(app.appId), appName: app.appName },
    };
    const actions: PageActions = { addAlert: (alert) => window.alert(alert.message), reloadPage: () => window.location.reload() };
    return extension.extend({ context, actions });
  }, [extension, app]);
  const location = useMemo<AppPageLocation>(
    () => ({ path: props.path, params: props.query, href: (path, query) => appPageHref(page.uid, path, query) }),
    [props.path, props.query, page.uid],
  );
  return (
    <section className="card-frame app-page-frame" data-testid={`app-page-${page.uid}`} aria-label={page.name}>
      <div className="card-title">
        <span>{page.name}</span>
        <span className="muted small">app page</span>
      </div>
      {!extension ? (
        <p className="muted">Loading the page…</p>
      ) : 'error' in extension ? (
        <p role="alert">{extension.error}</p>
      ) : (
        <ExtensionBoundary label="app page">
          <AppPageLocationContext.Provider value={location}>{rendered}</AppPageLocationContext.Provider>
        </ExtensionBoundary>
      )}
    </section>
  );
}
