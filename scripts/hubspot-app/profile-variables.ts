/**
 * Per-environment values live in `extensions/hsprofile.<env>.json` (`variables`), and component
 * files refer to them as `${NAME}`; HubSpot substitutes them at upload (`hs project upload
 * --profile <env>`), so no backend host is written into a component.
 */
export const PROFILE_VARIABLES = {
  /** Origin of the backend HubSpot calls (webhooks, workflow actions, card data), no trailing slash. */
  PUBLIC_BASE_URL: 'PUBLIC_BASE_URL',
} as const;

/** A backend URL as a component file writes it: the profile's origin placeholder plus a path. */
export function backendUrl(path: string): string {
  return `\${${PROFILE_VARIABLES.PUBLIC_BASE_URL}}${path}`;
}
