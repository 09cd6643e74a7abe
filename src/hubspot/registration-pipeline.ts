/**
 * The deal pipeline registrations live in and the association label naming a registration's
 * partner, as `partner-enablement setup` creates them (docs/properties.md, "Registration pipeline
 * and association label"). Probability 1.0 makes a stage closed won, 0.0 closed lost: HubSpot
 * derives `hs_is_closed_won` from it.
 */
export const REGISTRATION_PIPELINE = {
  label: 'Partner registrations',
  stages: [
    { status: 'submitted', label: 'Submitted', probability: '0.1', isClosed: false },
    { status: 'approved', label: 'Approved', probability: '0.4', isClosed: false },
    { status: 'won', label: 'Won', probability: '1.0', isClosed: true },
    { status: 'lost', label: 'Lost', probability: '0.0', isClosed: true },
    { status: 'rejected', label: 'Rejected', probability: '0.0', isClosed: true },
    { status: 'expired', label: 'Expired', probability: '0.0', isClosed: true },
  ],
  /** The deal→company label, and what the company side shows. */
  partnerLabel: { label: 'Registered partner', name: 'registered_partner', inverseLabel: 'Registered deal' },
} as const;
