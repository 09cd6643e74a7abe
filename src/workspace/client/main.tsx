/// <reference lib="dom" />
import * as React from 'react';
import * as jsxRuntime from 'react/jsx-runtime';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import * as uiExtensions from './card-host/ui-extensions-host.js';
import { WORKSPACE_PAGES } from './pages/index.js';
import { getJson, type WorkspaceApp } from './workspace-api.js';

// Cards are bundled apart and share these (see build-workspace-bundles.ts).
Object.assign(globalThis, { __workspaceReact: React, __workspaceJsxRuntime: jsxRuntime, __workspaceUiExtensions: uiExtensions });

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
          {WORKSPACE_PAGES.filter((page) => page.navPath).map((page) => (
            <a key={page.id} href={`#${page.navPath}`} className={found?.page.id === page.id ? 'active' : ''}>{page.title}</a>
          ))}
        </nav>
        <span className="portal">{app ? `Sandbox portal ${app.portalId} · signed in as ${app.user.firstName} ${app.user.lastName}` : ''}</span>
      </header>
      <main>{!app ? <p>Loading…</p> : found ? found.page.render(found.params!, app) : <p>No such page. <a href="#/">Partners</a></p>}</main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<Shell />);
