import type { ReactNode } from 'react';
import { Divider, EmptyState, Flex, Heading, Text } from '@hubspot/ui-extensions';
import type { CrmContext } from '@hubspot/ui-extensions';
import { fetchPartnerEnablement, type Backend } from '../api.js';
import { backendOrigin } from '../backend-origin.js';
import type { PartnerEnablementData, PartnerEnablementResponse } from '../card-data.js';
import { useCardData } from '../use-card-data.js';
import { CardError, CardLoading } from './card-states.js';
import { CertificationsSection } from './certifications-section.js';
import { GapsSection } from './gaps-section.js';
import { HealthSection } from './health-section.js';
import { IncentivesSection } from './incentives-section.js';
import { PartnerActions } from './partner-actions.js';
import { PartnerSummary } from './partner-summary.js';
import { RecommendationsSection } from './recommendations-section.js';
import { RegistrationsSection } from './registrations-section.js';
import { TeamSection } from './team-section.js';
import { TierGovernanceSection } from './tier-governance-section.js';
import { TrainingProgress } from './training-progress.js';

export interface PartnerEnablementCardProps {
  context: Pick<CrmContext, 'portal' | 'crm' | 'variables'>;
  /** Called after a recalculation wrote new values, so the record's own properties refresh. */
  onPropertiesChanged?: () => void;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Flex direction="column" gap="xs">
      <Heading>{title}</Heading>
      {children}
    </Flex>
  );
}

function NotAPartner({ companyName }: { companyName: string | null }) {
  return (
    <EmptyState testId="not-a-partner" title="Not a partner" layout="vertical" imageName="companies">
      <Text>
        {`${companyName ?? 'This company'} is not in the partner program. Check "Is partner" on the company to start tracking its readiness.`}
      </Text>
    </EmptyState>
  );
}

function PartnerDetails({
  backend,
  data,
  onRecalculated,
}: {
  backend: Backend;
  data: PartnerEnablementData;
  onRecalculated: (card: PartnerEnablementResponse) => void;
}) {
  return (
    <Flex direction="column" gap="md">
      <PartnerSummary data={data} />
      {data.health ? <HealthSection health={data.health} /> : null}
      {data.governance && (data.governance.outlook || data.governance.history.length > 0) ? (
        <Section title="Tier history">
          <TierGovernanceSection governance={data.governance} />
        </Section>
      ) : null}
      <Divider />
      <Section title="Training">
        <TrainingProgress tracks={data.tracks} />
      </Section>
      <Section title="Certifications">
        <CertificationsSection certifications={data.certifications} />
      </Section>
      <Section title="Gaps">
        <GapsSection gaps={data.gaps} targetTierName={data.targetTier?.name ?? null} />
      </Section>
      <Section title="Team readiness">
        <TeamSection team={data.team} tracks={data.tracks} />
      </Section>
      <Section title="Recommendations">
        <RecommendationsSection recommendations={data.recommendations} />
      </Section>
      {data.registrations ? (
        <Section title="Registrations">
          <RegistrationsSection registrations={data.registrations} />
        </Section>
      ) : null}
      {data.incentives ? (
        <Section title="Incentive requests">
          <IncentivesSection backend={backend} companyId={data.companyId} requests={data.incentives} />
        </Section>
      ) : null}
      <Divider />
      <Section title="Actions">
        <PartnerActions backend={backend} data={data} onRecalculated={onRecalculated} />
      </Section>
      {data.evaluatedAt ? <Text variant="microcopy">{`Last evaluated ${data.evaluatedAt}`}</Text> : null}
    </Flex>
  );
}

/** The company tab card: a partner's readiness, training, certifications, gaps, team and actions. */
export function PartnerEnablementCard({ context, onPropertiesChanged }: PartnerEnablementCardProps) {
  const origin = backendOrigin(context);
  const companyId = String(context.crm.objectId);
  const backend: Backend | null = origin ? { origin, portalId: context.portal.id } : null;
  const { state, reload, replace } = useCardData(
    `${origin}|${context.portal.id}|${companyId}`,
    backend ? () => fetchPartnerEnablement(backend, companyId) : null,
  );

  if (state.status === 'loading') return <CardLoading label="Loading partner enablement" />;
  if (state.status === 'error') return <CardError error={state.error} onRetry={reload} />;
  if (!state.data.isPartner) return <NotAPartner companyName={state.data.companyName} />;
  // Data only loads with a backend, so it is set here; the check narrows the type.
  if (!backend) return null;
  return (
    <PartnerDetails
      backend={backend}
      data={state.data}
      onRecalculated={(card) => {
        replace(card);
        onPropertiesChanged?.();
      }}
    />
  );
}
