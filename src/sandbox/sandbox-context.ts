import type { Response } from 'express';
import type { ChangeSource, CrmStore } from './crm-store.js';
import { errorBody, type HubSpotErrorBody } from './hubspot-error-bodies.js';
import { normalizeObjectType, type ObjectType } from './property-catalog.js';
import { currentWriter } from './token-attribution.js';

/** What every route handler of the sandbox shares. */
export interface SandboxContext {
  store: CrmStore;
  appId: string;
  portalId: number;
  now: () => number;
  /** What the portal's subscription allows. */
  plan: PortalPlan;
}

/** Features that depend on the portal's HubSpot subscription. */
export interface PortalPlan {
  /** Custom association labels (Professional or Enterprise). */
  customAssociationLabels: boolean;
  /** Deal pipelines allowed (Free 1, Starter 2, Professional 15). */
  dealPipelines: number;
}

/**
 * Whom an API write is attributed to: the app's token writes as the app (`INTEGRATION` with the
 * app id), the user token as a person in HubSpot's UI (`CRM_UI`, `userId:N`).
 */
export function apiSource(context: SandboxContext): ChangeSource {
  return currentWriter() ?? { kind: 'INTEGRATION', appId: context.appId };
}

export function sendError(res: Response, status: number, body: HubSpotErrorBody): void {
  res.status(status).json(body);
}

/** Resolves a path's object type or answers 400 the way HubSpot does for an unknown one. */
export function objectTypeOr400(res: Response, value: string | undefined): ObjectType | undefined {
  const type = value ? normalizeObjectType(value) : undefined;
  if (!type) {
    sendError(res, 400, errorBody('VALIDATION_ERROR', `Unable to infer object type from: ${value ?? ''}`));
  }
  return type;
}

export function singularUpper(type: ObjectType): string {
  return { companies: 'COMPANY', contacts: 'CONTACT', deals: 'DEAL', tasks: 'TASK', notes: 'NOTE' }[type];
}
