/// <reference lib="dom" />
import * as React from 'react';
import * as jsxRuntime from 'react/jsx-runtime';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import * as uiExtensions from './card-host/ui-extensions-host.js';
import * as uiExtensionsPages from './card-host/ui-extensions-pages-host.js';
import { WORKSPACE_PAGES } from './pages/index.js';
import { getJson, type WorkspaceApp } from './workspace-api.js';

// Cards and the app page are bundled apart and share these (see build-workspace-bundles.ts).
Object.assign(globalThis, { __workspaceReact: React, __workspaceJsxRuntime: jsxRuntime, __workspaceUiExtensions: uiExtensions, __workspaceUiExtensionsPages: uiExtensionsPages });

const routeOf = () => window.location.hash.replace(/^#/, '') || '/';

function Shell() {
  const [app, setApp] = useState<WorkspaceApp>();
  const [route, setRoute] = useState(routeOf());
  useEffect(() => {
    void getJson<WorkspaceApp>('/app').then(setApp);
    const onHash = () => setRoute(routeOf());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const found = WORKSPACE_PAGES.map((page) => ({ page, params: page.match(route) })).find((candidate) => candidate.params);
  return (
    <>
      <header className="top">
        <strong>Partner enablement</strong>
        <nav>
          {WORKSPACE_PAGES.flatMap((page) => {
            const links = page.navPath ? [{ path: page.navPath, title: page.title }] : app && page.navLinks ? page.navLinks(app) : [];
            return links.map((link) => (
              <a key={`${page.id}:${link.path}`} href={`#${link.path}`} className={found?.page.id === page.id && (page.navPath || route.startsWith(link.path)) ? 'active' : ''}>{link.title}</a>
            ));
          })}
        </nav>
        <span className="portal">{app ? `Sandbox portal ${app.portalId} · signed in as ${app.user.firstName} ${app.user.lastName}` : ''}</span>
      </header>
      <main>{!app ? <p>Loading…</p> : found ? found.page.render(found.params!, app) : <p>No such page. <a href="#/">Partners</a></p>}</main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<Shell />);
