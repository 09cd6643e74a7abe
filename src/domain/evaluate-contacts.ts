import { isValidStatus } from './certification-status.js';
import type { ContactEvaluation, ContactSnapshot, HeldCertification } from './types.js';

/**
 * Per-contact outputs, in contact order: valid certifications, the earliest expiry among the valid
 * ones, and the expiry of every certification the contact holds (expired ones included, so the
 * `pe_cert_<id>_expires_on` property always shows when it ran out).
 */
export function evaluateContacts(
  contacts: readonly ContactSnapshot[],
  certifications: readonly HeldCertification[],
): ContactEvaluation[] {
  const byContact = new Map<string, ContactEvaluation>();
  const evaluations = contacts.map((contact) => {
    const evaluation: ContactEvaluation = {
      contactId: contact.contactId,
      validCertifications: 0,
      nextCertificationExpiry: null,
      expiresOn: {},
    };
    byContact.set(contact.contactId, evaluation);
    return evaluation;
  });
  for (const held of certifications) {
    const evaluation = byContact.get(held.contactId);
    if (!evaluation) continue;
    evaluation.expiresOn[held.certificationId] = held.expiresOn;
    if (!isValidStatus(held.status)) continue;
    evaluation.validCertifications += 1;
    // YYYY-MM-DD strings order like the dates they name.
    if (evaluation.nextCertificationExpiry === null || held.expiresOn < evaluation.nextCertificationExpiry) {
      evaluation.nextCertificationExpiry = held.expiresOn;
    }
  }
  return evaluations;
}
