import type { BaseContext } from '@hubspot/ui-extensions';

/** The profile variable that holds the backend origin (see `extensions/hsprofile.<env>.json`). */
export const BACKEND_ORIGIN_VARIABLE = 'PUBLIC_BASE_URL';

/**
 * The backend origin for this environment, from the upload profile's variables (HubSpot hands
 * them to the card in `context.variables`), so no host is written into the card. Null when the
 * profile does not define it or it is not an http(s) URL.
 */
export function backendOrigin(context: Pick<BaseContext, 'variables'>): string | null {
  const value = context.variables?.[BACKEND_ORIGIN_VARIABLE];
  if (typeof value !== 'string' || !/^https?:\/\/[^/]+/.test(value)) return null;
  return value.replace(/\/+$/, '');
}
