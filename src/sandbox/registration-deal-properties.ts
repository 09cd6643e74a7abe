import { propertyDefinition, type PropertyDefinition } from './property-catalog.js';

/*
 * The app's deal properties as a portal holds them once setup has prepared deal registration:
 * the partner-sourced deal inputs and the registration outputs, HubSpot's copy written down here
 * (docs/registrations.md), so that the demo's registrations can carry them.
 * test/unit/sandbox/app-portal-drift.test.ts compares it with what setup creates.
 */

interface DealProperty {
  name: string;
  label: string;
  type: PropertyDefinition['type'];
  fieldType: string;
  description: string;
  /** Written by the app: kept off forms, and the description says a manual edit is overwritten. */
  output?: true;
  /** `[value, label]` in display order. */
  options?: Array<[string, string]>;
}

const BOOLEAN: Array<[string, string]> = [['true', 'Yes'], ['false', 'No']];
const OVERWRITTEN = ' Set by the Partner enablement app; a manual edit is overwritten at the next change to the registration.';

const DEAL_PROPERTIES: DealProperty[] = [
  {
    name: 'pe_partner_company_id',
    label: 'Partner company id',
    type: 'number',
    fieldType: 'number',
    description: "The record id of the partner company that sourced or registered this deal; the partner's revenue and registrations are counted by it.",
  },
  {
    name: 'pe_strategic',
    label: 'Strategic win',
    type: 'bool',
    fieldType: 'booleancheckbox',
    description: "Yes when this deal counts as a strategic win toward the partner's tier requirements.",
    options: BOOLEAN,
  },
  {
    name: 'pe_product_line',
    label: 'Product line',
    type: 'string',
    fieldType: 'text',
    description: 'The product line the deal sells; incentives may be limited to some product lines.',
  },
  {
    name: 'pe_registration_status',
    label: 'Registration status',
    type: 'enumeration',
    fieldType: 'select',
    description: "Where the partner's registration of this deal stands: submitted, approved, rejected, expired, won or lost.",
    output: true,
    options: [['submitted', 'Submitted'], ['approved', 'Approved'], ['rejected', 'Rejected'], ['expired', 'Expired'], ['won', 'Won'], ['lost', 'Lost']],
  },
  { name: 'pe_registration_submitted_at', label: 'Registration submitted at', type: 'datetime', fieldType: 'date', description: 'When the partner submitted the registration.', output: true },
  {
    name: 'pe_registration_due_at',
    label: 'Registration decision due at',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the decision on the registration is due: 48 hours after submission.',
    output: true,
  },
  { name: 'pe_registration_decided_at', label: 'Registration decided at', type: 'datetime', fieldType: 'date', description: 'When the registration was approved or rejected.', output: true },
  {
    name: 'pe_registration_expires_on',
    label: 'Registration protection expires on',
    type: 'date',
    fieldType: 'date',
    description: "The last day the approved registration protects the partner's claim (90 days from approval, longer once extended).",
    output: true,
  },
  {
    name: 'pe_registration_conflict',
    label: 'Registration conflict',
    type: 'enumeration',
    fieldType: 'select',
    description:
      "What the conflict check found at submission: another partner's claim or an open deal on the customer (conflict), a recent win within 12 months or a company of the same name (possible), or nothing.",
    output: true,
    options: [['none', 'None'], ['possible', 'Possible'], ['conflict', 'Conflict']],
  },
  {
    name: 'pe_registration_conflict_summary',
    label: 'Registration conflict summary',
    type: 'string',
    fieldType: 'textarea',
    description: 'One line per reason the conflict check found, naming the conflicting deals and registrations.',
    output: true,
  },
  {
    name: 'pe_registration_rejection_reason',
    label: 'Registration rejection reason',
    type: 'string',
    fieldType: 'textarea',
    description: 'Why the registration was rejected; the partner is told.',
    output: true,
  },
  {
    name: 'pe_registration_sla_breached',
    label: 'Registration decision overdue',
    type: 'bool',
    fieldType: 'booleancheckbox',
    description: 'Yes when no decision was made by the time it was due.',
    output: true,
    options: BOOLEAN,
  },
  {
    name: 'pe_protected_by_partner_id',
    label: 'Protected by partner id',
    type: 'number',
    fieldType: 'number',
    description: "The record id of the partner whose approved registration protects this deal's customer.",
    output: true,
  },
];

/** The deal properties of the app's `partner_enablement` group, created at `at`. */
export function registrationDealProperties(at: string): PropertyDefinition[] {
  return DEAL_PROPERTIES.map(({ output, options, description, ...rest }, displayOrder) =>
    propertyDefinition(
      {
        ...rest,
        description: output ? `${description}${OVERWRITTEN}` : description,
        groupName: 'partner_enablement',
        displayOrder,
        formField: !output,
        ...(options ? { options: options.map(([value, optionLabel]) => ({ value, label: optionLabel })) } : {}),
      },
      at,
    ),
  );
}
