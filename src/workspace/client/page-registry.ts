import type { ReactNode } from 'react';
import type { WorkspaceApp } from './workspace-api.js';

/**
 * A page of the workspace. Capabilities add theirs to `pages/index.ts`; the shell (navigation,
 * routing) and the card host read the registry and never change.
 */
export interface WorkspacePage {
  id: string;
  title: string;
  /** Shown in the top navigation at `#<navPath>`; record pages have none. */
  navPath?: string;
  /** Navigation entries known only from the app (one per app page its hsmeta files declare). */
  navLinks?(app: WorkspaceApp): Array<{ path: string; title: string }>;
  /** The route's parameters when `route` (the hash without `#`) is this page's, else null. */
  match(route: string): Record<string, string> | null;
  render(params: Record<string, string>, app: WorkspaceApp): ReactNode;
}

/** `#/companies/:id` style patterns. */
export function routePattern(pattern: string): (route: string) => Record<string, string> | null {
  const names: string[] = [];
  const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_m, name: string) => (names.push(name), '([^/]+)'))}/?$`);
  return (route) => {
    const found = regex.exec(route);
    if (!found) return null;
    return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(found[index + 1]!)]));
  };
}
