import type { CrmObject } from './webhook-event-objects.js';

/** Who made a change, as HubSpot reports it. */
export interface ChangeOrigin {
  portalId: string;
  subscriptionType: string;
  /** `CRM_UI`, `INTEGRATION`, `API`, `WORKFLOWS`, … */
  changeSource: string | undefined;
  /** `userId:N`, or the writing app's id for `INTEGRATION`. */
  sourceId: string | undefined;
  /** Epoch ms. Not used to order work: each recalculation re-reads the latest data. */
  occurredAt: number | undefined;
}

export interface PropertyChangeEvent extends ChangeOrigin {
  kind: 'propertyChange';
  object: CrmObject;
  objectId: string;
  propertyName: string;
}

export interface AssociationChangeEvent extends ChangeOrigin {
  kind: 'associationChange';
  from: { object: CrmObject; id: string };
  to: { object: CrmObject; id: string };
  removed: boolean;
}

/** An event of a subscription type the app does not act on (creation, merge, …). */
export interface OtherEvent extends ChangeOrigin {
  kind: 'other';
}

export type WebhookEvent = PropertyChangeEvent | AssociationChangeEvent | OtherEvent;
