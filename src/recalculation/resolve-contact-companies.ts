import type { PartnerRepository } from '../hubspot/partner-repository.js';
import type { ResolveContactCompanies } from '../jobs/recalculation-handler.js';

/**
 * The worker's contact look-up: the companies associated with changed contacts, all of them (one
 * association read per 1,000 contacts). Companies that are not partners cost nothing more than
 * their place in a batch read: the recalculation skips them.
 */
export function resolveContactCompanies(repositoryFor: (portalId: string) => Pick<PartnerRepository, 'companiesForContacts'>): ResolveContactCompanies {
  return async (portalId, contactIds) => {
    const byContact = await repositoryFor(portalId).companiesForContacts(contactIds);
    return [...new Set([...byContact.values()].flat())];
  };
}
