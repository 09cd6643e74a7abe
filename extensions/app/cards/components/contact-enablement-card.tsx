import { Flex, Heading, Tag, Text } from '@hubspot/ui-extensions';
import type { CrmContext } from '@hubspot/ui-extensions';
import { fetchContactEnablement } from '../api.js';
import { backendOrigin } from '../backend-origin.js';
import type { ContactEnablementResponse } from '../card-data.js';
import { describeDays } from '../describe-days.js';
import { useCardData } from '../use-card-data.js';
import { CardError, CardLoading } from './card-states.js';
import { CertificationStatusTag } from './status-tags.js';

export interface ContactEnablementCardProps {
  context: Pick<CrmContext, 'portal' | 'crm' | 'variables'>;
}

function Certifications({ data }: { data: ContactEnablementResponse }) {
  if (data.certifications.length === 0) return <Text testId="no-certifications">No certifications.</Text>;
  return (
    <Flex direction="column" gap="xs" testId="contact-certifications">
      {data.certifications.map((c) => (
        <Flex key={c.certificationId} direction="row" gap="sm" align="center">
          <CertificationStatusTag status={c.status} />
          <Text>{`${c.name}: expires ${c.expiresOn} (${describeDays(c.daysToExpiry)})`}</Text>
        </Flex>
      ))}
    </Flex>
  );
}

function Tracks({ data }: { data: ContactEnablementResponse }) {
  if (data.activeTracks.length === 0 && data.pendingTracks.length === 0) {
    return <Text testId="no-tracks">No training in progress.</Text>;
  }
  return (
    <Flex direction="column" gap="xs" testId="contact-tracks">
      {data.activeTracks.map((track) => (
        <Text key={track.id}>
          {track.deadline ? `${track.name}: due ${track.deadline}` : track.name}
        </Text>
      ))}
      {data.pendingTracks.map((track) => (
        <Flex key={track.id} direction="row" gap="sm" align="center">
          <Text>{track.name}</Text>
          <Tag variant="info">Awaiting consent</Tag>
        </Flex>
      ))}
    </Flex>
  );
}

/** The contact sidebar card: the person's certifications with expiries, and their tracks. */
export function ContactEnablementCard({ context }: ContactEnablementCardProps) {
  const origin = backendOrigin(context);
  const contactId = String(context.crm.objectId);
  const { state, reload } = useCardData(
    `${origin}|${context.portal.id}|${contactId}`,
    origin ? () => fetchContactEnablement({ origin, portalId: context.portal.id }, contactId) : null,
  );

  if (state.status === 'loading') return <CardLoading label="Loading enablement" />;
  if (state.status === 'error') return <CardError error={state.error} onRetry={reload} />;
  const { data } = state;
  return (
    <Flex direction="column" gap="sm">
      <Text testId="contact-partner" variant="microcopy">
        {data.partner ? `Partner: ${data.partner.name ?? data.partner.companyId}` : 'Not associated with a partner.'}
      </Text>
      <Heading>Certifications</Heading>
      <Certifications data={data} />
      <Heading>Training</Heading>
      <Tracks data={data} />
    </Flex>
  );
}
