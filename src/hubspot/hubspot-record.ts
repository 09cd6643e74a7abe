/** A CRM object as HubSpot returns it: every property value is a string (or null when unset). */
export interface HubSpotRecord {
  id: string;
  properties: Record<string, string | null | undefined>;
}
