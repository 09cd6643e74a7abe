import { createContext } from 'react';

/**
 * Where the app page is: HubSpot's worker gives the page router this location (its
 * `useAppPageLocation`); in the workspace the app-page slot provides it from the address bar.
 */
export interface AppPageLocation {
  /** The page's own path, `/` for its index route. */
  path: string;
  /** The query string's entries. */
  params: Record<string, string>;
  /** The address of the page at `path` with `params` as its query (what a `PageLink` points to). */
  href(path: string, params: Record<string, string>): string;
}

export const AppPageLocationContext = createContext<AppPageLocation | null>(null);
