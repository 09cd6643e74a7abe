import type { ContactEnablementResponse } from '../../extensions/app/cards/card-data.js';
import { evaluateContacts } from '../domain/evaluate-contacts.js';
import { listHeldCertifications } from '../domain/list-held-certifications.js';
import type { CalendarDate, ContactSnapshot } from '../domain/types.js';
import type { Program, TrackId } from '../program/program-schema.js';
import { personName } from './build-partner-card.js';
import { orderCertifications } from './order-certifications.js';

export interface ContactCardInput {
  /** The contact as the rules read it, dates in its partner's time zone. */
  contact: ContactSnapshot;
  /** The partner company the contact belongs to; null when it is associated with no partner. */
  partner: { companyId: string; name: string | null } | null;
  /** Today in the partner's time zone (the program default without a partner). */
  asOf: CalendarDate;
  /** Track → the last day to finish it, for the contact's active tracks. */
  deadlines: ReadonlyMap<TrackId, CalendarDate>;
}

/** The contact card's data (card-data.ts `ContactEnablementResponse`). Pure. */
export function buildContactCard(input: ContactCardInput, program: Program): ContactEnablementResponse {
  const { contact, asOf } = input;
  const held = listHeldCertifications([contact], program, asOf);
  const [evaluation] = evaluateContacts([contact], held);
  return {
    contactId: contact.contactId,
    name: personName(contact),
    role: contact.role,
    partner: input.partner,
    asOf,
    certifications: orderCertifications(held).map((certification) => ({
      certificationId: certification.certificationId,
      name: program.certifications[certification.certificationId]?.name ?? certification.certificationId,
      status: certification.status,
      earnedOn: certification.earnedOn,
      expiresOn: certification.expiresOn,
      daysToExpiry: certification.daysToExpiry,
    })),
    nextCertificationExpiry: evaluation?.nextCertificationExpiry ?? null,
    activeTracks: contact.activeTracks.map((track) => ({
      id: track,
      name: program.trainingTracks[track].name,
      deadline: input.deadlines.get(track) ?? null,
    })),
    pendingTracks: contact.pendingTracks.map((track) => ({ id: track, name: program.trainingTracks[track].name })),
  };
}
