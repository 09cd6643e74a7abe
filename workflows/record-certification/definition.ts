import { z } from 'zod';
import type { Program } from '../../src/program/program-schema.js';
import { calendarDateInput, defineWorkflowAction } from '../define-workflow-action.js';

const certificationOptions = (program: Program) =>
  Object.entries(program.certifications).map(([id, certification]) => ({ value: id, label: certification.name }));

/**
 * Records that the enrolled contact earned a certification on a date (`pe_cert_<id>_earned_on`),
 * which re-evaluates the contact's partner. The certification id is checked against the loaded
 * program by the handler (a vendor's program may differ from the one the options were built from).
 */
export const recordCertification = defineWorkflowAction({
  id: 'record-certification',
  uid: 'record-certification',
  objectType: 'CONTACT',
  labels: {
    actionName: 'Record certification',
    actionDescription:
      "Records a certification the contact earned and the date; the partner's readiness is recalculated.",
    actionCardContent: 'Record {{certification}} earned on {{earned_on}}',
  },
  inputFields: {
    certification: {
      schema: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a certification id'),
      hubspot: { type: 'enumeration', fieldType: 'select', options: certificationOptions },
      label: 'Certification',
      description: 'The certification the contact earned.',
    },
    earned_on: {
      schema: calendarDateInput,
      hubspot: { type: 'date', fieldType: 'date' },
      label: 'Date earned',
      description: 'The day the certification was earned; validity counts from it.',
      valueTypes: ['STATIC_VALUE', 'OBJECT_PROPERTY'],
    },
  },
  outputFields: {
    expires_on: {
      schema: z.iso.date(),
      hubspot: { type: 'date', fieldType: 'date' },
      label: 'Expires on',
    },
    certification_status: {
      schema: z.enum(['active', 'expiring', 'grace', 'expired']),
      hubspot: {
        type: 'enumeration',
        fieldType: 'select',
        options: () => [
          { value: 'active', label: 'Active' },
          { value: 'expiring', label: 'Expiring' },
          { value: 'grace', label: 'Grace period' },
          { value: 'expired', label: 'Expired' },
        ],
      },
      label: 'Certification status',
    },
    valid_certifications: {
      schema: z.number().int().min(0),
      hubspot: { type: 'number', fieldType: 'number' },
      label: "Contact's valid certifications",
    },
  },
});
