import { z } from 'zod';
import { TRACK_IDS, type Program } from '../../src/program/program-schema.js';
import { defineWorkflowAction } from '../define-workflow-action.js';

/** What happened to the assignment; workflows branch on it. */
export const ASSIGNMENT_STATUSES = ['consent_requested', 'already_pending', 'already_active', 'track_limit_reached'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  consent_requested: 'Consent requested',
  already_pending: 'Already waiting for consent',
  already_active: 'Already active',
  track_limit_reached: 'Track limit reached',
};

const trackOptions = (program: Program) => TRACK_IDS.map((id) => ({ value: id, label: program.trainingTracks[id].name }));

/**
 * Offers a training track to the enrolled contact. Training is never assigned without consent: the
 * track becomes pending (`pe_pending_tracks`) and the contact is asked; it turns active only when
 * they accept, and never beyond the program's active-track limit.
 */
export const assignTrainingTrack = defineWorkflowAction({
  id: 'assign-training-track',
  uid: 'assign-training-track',
  objectType: 'CONTACT',
  labels: {
    actionName: 'Assign training track',
    actionDescription:
      'Offers a training track to the contact and asks for their consent; the track starts only once they accept.',
    actionCardContent: 'Offer the {{track}} track (asks for consent)',
  },
  inputFields: {
    track: {
      schema: z.enum(TRACK_IDS),
      hubspot: { type: 'enumeration', fieldType: 'select', options: trackOptions },
      label: 'Training track',
      description: 'The contact is asked to accept it before it starts.',
    },
  },
  outputFields: {
    assignment_status: {
      schema: z.enum(ASSIGNMENT_STATUSES),
      hubspot: {
        type: 'enumeration',
        fieldType: 'select',
        options: () => ASSIGNMENT_STATUSES.map((value) => ({ value, label: ASSIGNMENT_STATUS_LABELS[value] })),
      },
      label: 'Assignment status',
    },
  },
});
