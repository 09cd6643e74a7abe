import { propertyDefinition, type PropertyDefinition } from './property-catalog.js';

/*
 * The app's deal properties as a portal holds them once setup has prepared deal registration:
 * the partner-sourced deal inputs and the registration outputs, HubSpot's copy written down here
 * (docs/registrations.md), so that the demo's registrations can carry them.
 */

type Seed = [name: string, label: string, type: PropertyDefinition['type'], fieldType: string, options?: Array<[string, string]>];

const BOOLEAN: Array<[string, string]> = [['true', 'Yes'], ['false', 'No']];

const DEAL_PROPERTIES: Seed[] = [
  ['pe_partner_company_id', 'Partner company id', 'number', 'number'],
  ['pe_strategic', 'Strategic win', 'bool', 'booleancheckbox', BOOLEAN],
  [
    'pe_registration_status',
    'Registration status',
    'enumeration',
    'select',
    [['submitted', 'Submitted'], ['approved', 'Approved'], ['rejected', 'Rejected'], ['expired', 'Expired'], ['won', 'Won'], ['lost', 'Lost']],
  ],
  ['pe_registration_submitted_at', 'Registration submitted at', 'datetime', 'date'],
  ['pe_registration_due_at', 'Registration decision due at', 'datetime', 'date'],
  ['pe_registration_decided_at', 'Registration decided at', 'datetime', 'date'],
  ['pe_registration_expires_on', 'Registration protection expires on', 'date', 'date'],
  ['pe_registration_conflict', 'Registration conflict', 'enumeration', 'select', [['none', 'None'], ['possible', 'Possible'], ['conflict', 'Conflict']]],
  ['pe_registration_conflict_summary', 'Registration conflict summary', 'string', 'textarea'],
  ['pe_registration_rejection_reason', 'Registration rejection reason', 'string', 'textarea'],
  ['pe_registration_sla_breached', 'Registration decision overdue', 'bool', 'booleancheckbox', BOOLEAN],
  ['pe_protected_by_partner_id', 'Protected by partner id', 'number', 'number'],
];

/** The deal properties of the app's `partner_enablement` group, created at `at`. */
export function registrationDealProperties(at: string): PropertyDefinition[] {
  return DEAL_PROPERTIES.map(([name, label, type, fieldType, options], displayOrder) =>
    propertyDefinition(
      {
        name,
        label,
        type,
        fieldType,
        groupName: 'partner_enablement',
        displayOrder,
        ...(options ? { options: options.map(([value, optionLabel]) => ({ value, label: optionLabel })) } : {}),
      },
      at,
    ),
  );
}
