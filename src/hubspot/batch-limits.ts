/** HubSpot's limits on one request (CRM batch APIs, associations v4 batch read, search). */
export const BATCH_LIMITS = { objects: 100, associations: 1000, searchPage: 200 } as const;
