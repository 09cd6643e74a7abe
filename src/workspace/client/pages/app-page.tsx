/// <reference lib="dom" />
import { AppPageSlot } from '../card-host/app-page-slot.js';
import type { WorkspacePage } from '../page-registry.js';

const APP_PAGE_ROUTE = /^\/app\/([^/?]+)(\/[^?]*)?(?:\?(.*))?$/;

/**
 * The app's own page (`extensions/app/pages`, listed by its hsmeta file) inside the host frame, at
 * `#/app/<uid>/<page path>`; the navigation names it after the app, as HubSpot does.
 */
export const appPage: WorkspacePage = {
  id: 'app-page',
  title: 'App page',
  navLinks: (app) => app.pages.map((page) => ({ path: `/app/${encodeURIComponent(page.uid)}`, title: page.name })),
  match(route) {
    const found = APP_PAGE_ROUTE.exec(route);
    if (!found) return null;
    return { uid: decodeURIComponent(found[1]!), path: found[2] ?? '/', query: found[3] ?? '' };
  },
  render(params, app) {
    const page = app.pages.find((candidate) => candidate.uid === params.uid);
    if (!page) return <p role="alert">{`The app has no page ${params.uid}.`}</p>;
    return <AppPageSlot key={page.uid} app={app} page={page} path={params.path!} query={Object.fromEntries(new URLSearchParams(params.query))} />;
  },
};
