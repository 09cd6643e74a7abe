import { z } from 'zod';
import { defineWorkflowAction } from '../define-workflow-action.js';

/** What became of the submission; workflows branch on it. */
export const REGISTRATION_OUTCOMES = ['registered', 'duplicate', 'lead', 'refused', 'invalid'] as const;
export type RegistrationOutcome = (typeof REGISTRATION_OUTCOMES)[number];

const OUTCOME_LABELS: Record<RegistrationOutcome, string> = {
  registered: 'Registered',
  duplicate: 'Already registered',
  lead: 'Submitted as a lead',
  refused: 'Refused by tier',
  invalid: 'Fields missing or invalid',
};

const CONFLICTS = ['none', 'possible', 'conflict'] as const;

const text = (label: string, description: string, fieldType: 'text' | 'textarea' = 'text') => ({
  schema: z.string().optional(),
  hubspot: { type: 'string' as const, fieldType },
  label,
  description,
  required: false,
  valueTypes: ['STATIC_VALUE' as const, 'OBJECT_PROPERTY' as const],
});

/**
 * Registers a deal for the enrolled partner contact (docs/registrations.md): the customer and the
 * opportunity come from the inputs, the partner company from `partner_company_id`. A refusal or a
 * missing field is an outcome the workflow can branch on, with the reason in `registration_message`.
 */
export const registerPartnerDeal = defineWorkflowAction({
  id: 'register-partner-deal',
  uid: 'register-partner-deal',
  objectType: 'CONTACT',
  labels: {
    actionName: 'Register partner deal',
    actionDescription: "Registers an opportunity for the contact's partner: the deal goes to the Partner registrations pipeline with the conflict check's outcome, or becomes a lead for a partner that may only submit leads.",
    actionCardContent: 'Register a partner deal with {{customer_company_name}}',
  },
  inputFields: {
    partner_company_id: {
      schema: z.string().regex(/^\d+$/, 'expected a HubSpot record id (digits)'),
      hubspot: { type: 'string', fieldType: 'text' },
      label: 'Partner company id',
      description: 'The record id of the partner company the contact registers for.',
      valueTypes: ['STATIC_VALUE', 'OBJECT_PROPERTY'],
    },
    customer_company_name: text('Customer company name', "The customer's company name."),
    customer_domain: text('Customer website or domain', "The customer company's website or domain, e.g. acme.com."),
    customer_contact_name: text('Customer contact name', "The name of the partner's contact at the customer."),
    customer_contact_email: text('Customer contact email', "The email address of the partner's contact at the customer."),
    deal_name: text('Deal name', 'A name for the opportunity.'),
    amount: {
      schema: z.coerce.number().optional(),
      hubspot: { type: 'number', fieldType: 'number' },
      label: 'Expected amount (cents)',
      description: "The expected amount in minor units (cents) of the portal's company currency.",
      required: false,
      valueTypes: ['STATIC_VALUE', 'OBJECT_PROPERTY'],
    },
    expected_close_date: text('Expected close date', 'The expected close date, YYYY-MM-DD.'),
    description: text('Description', 'Anything the approver should know.', 'textarea'),
  },
  outputFields: {
    registration_outcome: {
      schema: z.enum(REGISTRATION_OUTCOMES),
      hubspot: { type: 'enumeration', fieldType: 'select', options: () => REGISTRATION_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] })) },
      label: 'Registration outcome',
    },
    registration_id: {
      schema: z.string(),
      hubspot: { type: 'string', fieldType: 'text' },
      label: 'Registration deal id',
    },
    registration_conflict: {
      schema: z.enum([...CONFLICTS, '']),
      hubspot: { type: 'enumeration', fieldType: 'select', options: () => [{ value: 'none', label: 'None' }, { value: 'possible', label: 'Possible' }, { value: 'conflict', label: 'Conflict' }] },
      label: 'Registration conflict',
    },
    registration_message: {
      schema: z.string(),
      hubspot: { type: 'string', fieldType: 'textarea' },
      label: 'Registration message',
    },
  },
});
