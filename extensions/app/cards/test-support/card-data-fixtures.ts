// Factories for card tests: a valid answer of each route, with overrides.
import type {
  AssignTrainingResponse,
  CertificationView,
  ContactEnablementResponse,
  NotAPartnerResponse,
  PartnerEnablementData,
  TeamMemberView,
  TrackView,
} from '../card-data.js';

export function aTrack(overrides: Partial<TrackView> = {}): TrackView {
  return { id: 'sales', name: 'Sales', completed: 5, total: 8, complete: false, deadline: '2026-12-04', ...overrides };
}

export function aCertification(overrides: Partial<CertificationView> = {}): CertificationView {
  return {
    certificationId: 'sales_fundamentals',
    name: 'Sales Fundamentals',
    contactId: '501',
    holderName: 'Ana Ruiz',
    status: 'active',
    earnedOn: '2026-06-01',
    expiresOn: '2027-06-01',
    daysToExpiry: 193,
    ...overrides,
  };
}

export function aTeamMember(overrides: Partial<TeamMemberView> = {}): TeamMemberView {
  return {
    contactId: '501',
    name: 'Ana Ruiz',
    email: 'ana@partner.example',
    role: 'sales',
    activeTracks: ['sales'],
    pendingTracks: [],
    nextTrainingDeadline: '2026-12-04',
    certifications: [{ certificationId: 'sales_fundamentals', name: 'Sales Fundamentals', status: 'active', expiresOn: '2027-06-01' }],
    validCertifications: 1,
    ...overrides,
  };
}

export function aPartnerCard(overrides: Partial<PartnerEnablementData> = {}): PartnerEnablementData {
  return {
    isPartner: true,
    companyId: '123',
    companyName: 'Acme Resellers',
    asOf: '2026-11-20',
    score: 62,
    tier: { id: 'silver', name: 'Silver' },
    nextTier: { id: 'gold', name: 'Gold', targetScore: 85 },
    pointsToNextTier: 23,
    targetTier: { id: 'gold', name: 'Gold' },
    trend: 'improving',
    permissions: ['access_portal', 'submit_leads', 'register_deals', 'access_mdf'],
    tracks: [
      aTrack({ id: 'foundation', name: 'Foundation', completed: 1, total: 1, complete: true, deadline: null }),
      aTrack({ id: 'sales', name: 'Sales', completed: 8, total: 8, complete: true, deadline: null }),
      aTrack({ id: 'technical', name: 'Technical', completed: 4, total: 10, complete: false, deadline: '2026-12-11' }),
      aTrack({ id: 'advanced', name: 'Advanced', completed: 0, total: 6, complete: false, deadline: null }),
    ],
    certifications: [aCertification()],
    gaps: [
      { type: 'training', priority: 'high', label: 'Complete the Technical track (6 modules left)', track: 'technical', remainingModules: 6 },
    ],
    team: [aTeamMember()],
    recommendations: [{ when: 'this_week', text: 'Finish two Technical modules' }],
    evaluatedAt: '2026-11-20T08:00:00.000Z',
    ...overrides,
  };
}

export function aNonPartner(overrides: Partial<NotAPartnerResponse> = {}): NotAPartnerResponse {
  return { isPartner: false, companyId: '123', companyName: 'Acme Supplies', ...overrides };
}

export function aContactCard(overrides: Partial<ContactEnablementResponse> = {}): ContactEnablementResponse {
  return {
    contactId: '501',
    name: 'Ana Ruiz',
    role: 'sales',
    partner: { companyId: '123', name: 'Acme Resellers' },
    asOf: '2026-11-20',
    certifications: [
      {
        certificationId: 'sales_fundamentals',
        name: 'Sales Fundamentals',
        status: 'expiring',
        earnedOn: '2025-12-01',
        expiresOn: '2026-12-01',
        daysToExpiry: 11,
      },
    ],
    nextCertificationExpiry: '2026-12-01',
    activeTracks: [{ id: 'technical', name: 'Technical', deadline: '2026-12-11' }],
    pendingTracks: [{ id: 'advanced', name: 'Advanced' }],
    ...overrides,
  };
}

export function anAssignment(overrides: Partial<AssignTrainingResponse> = {}): AssignTrainingResponse {
  return { outcome: 'consent_requested', contactId: '501', track: 'technical', consentRequestedFrom: 'a***@partner.example', ...overrides };
}
