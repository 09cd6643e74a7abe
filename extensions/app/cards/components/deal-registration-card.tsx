import { EmptyState, Flex, Heading, Link, Tag, Text } from '@hubspot/ui-extensions';
import type { CrmContext } from '@hubspot/ui-extensions';
import { fetchDealRegistration, type Backend } from '../api.js';
import { backendOrigin } from '../backend-origin.js';
import { describeCountdown } from '../describe-countdown.js';
import { describeInstant } from '../describe-instant.js';
import type { DealRegistrationData, DealRegistrationResponse, RegistrationStatus } from '../card-data.js';
import { useCardData } from '../use-card-data.js';
import { CardError, CardLoading } from './card-states.js';
import { RegistrationDecisions } from './registration-decisions.js';

export interface DealRegistrationCardProps {
  context: Pick<CrmContext, 'portal' | 'crm' | 'variables'>;
}

type TagVariant = 'default' | 'warning' | 'success' | 'error' | 'info';

const STATUS: Record<RegistrationStatus, { label: string; variant: TagVariant }> = {
  submitted: { label: 'Pending decision', variant: 'warning' },
  approved: { label: 'Approved', variant: 'success' },
  rejected: { label: 'Rejected', variant: 'error' },
  expired: { label: 'Expired', variant: 'default' },
  won: { label: 'Won', variant: 'success' },
  lost: { label: 'Lost', variant: 'default' },
};

const CONFLICT: Record<string, { label: string; variant: TagVariant }> = {
  none: { label: 'No conflict', variant: 'success' },
  possible: { label: 'Possible conflict', variant: 'warning' },
  conflict: { label: 'Conflict', variant: 'error' },
};

function Registration({ data, backend, onDecided }: { data: DealRegistrationData; backend: Backend | null; onDecided: (card: DealRegistrationResponse) => void }) {
  const status = STATUS[data.status];
  const conflict = data.conflict ? CONFLICT[data.conflict] ?? { label: data.conflict, variant: 'default' as const } : null;
  return (
    <Flex direction="column" gap="sm" testId="deal-registration">
      <Flex direction="row" gap="sm" align="center">
        <Tag variant={status.variant} testId="registration-status">{status.label}</Tag>
        {conflict ? <Tag variant={conflict.variant} testId="registration-conflict">{conflict.label}</Tag> : null}
      </Flex>
      {data.minutesToDue !== null ? <Text testId="registration-countdown" format={{ fontWeight: 'bold' }}>{describeCountdown(data.minutesToDue)}</Text> : null}
      {data.submittedAt || (data.status === 'submitted' && data.dueAt) ? (
        <Text testId="registration-times" variant="microcopy">
          {[
            data.submittedAt ? `Submitted ${describeInstant(data.submittedAt)}` : null,
            data.status === 'submitted' && data.dueAt ? `due ${describeInstant(data.dueAt)}` : null,
          ].filter(Boolean).join(' · ')}
        </Text>
      ) : null}
      {data.partner ? (
        <Text>
          {'Registered by '}
          <Link href={{ url: data.partner.url, external: true }} testId="registration-partner">{data.partner.name ?? `company ${data.partner.companyId}`}</Link>
        </Text>
      ) : null}
      <Heading>Conflict check</Heading>
      <Text testId="registration-conflict-summary">{data.conflictSummary ?? 'No conflict check was recorded.'}</Text>
      {data.conflictRecords.length > 0 ? (
        <Flex direction="column" gap="xs" testId="registration-conflict-records">
          {data.conflictRecords.map((record) => (
            <Link key={record.url} href={{ url: record.url, external: true }}>{record.label}</Link>
          ))}
        </Flex>
      ) : null}
      {data.expiresOn ? <Text variant="microcopy">{`Protected until ${data.expiresOn}`}</Text> : null}
      {backend ? <RegistrationDecisions backend={backend} data={data} onDecided={onDecided} /> : null}
    </Flex>
  );
}

/** The deal record card: the partner registration the deal carries, if any. */
export function DealRegistrationCard({ context }: DealRegistrationCardProps) {
  const origin = backendOrigin(context);
  const dealId = String(context.crm.objectId);
  const backend = origin ? { origin, portalId: context.portal.id } : null;
  const { state, reload, replace } = useCardData(
    `${origin}|${context.portal.id}|${dealId}`,
    origin ? () => fetchDealRegistration({ origin, portalId: context.portal.id }, dealId) : null,
  );

  if (state.status === 'loading') return <CardLoading label="Loading the registration" />;
  if (state.status === 'error') return <CardError error={state.error} onRetry={reload} />;
  if (!state.data.isRegistration) {
    return (
      <EmptyState testId="not-a-registration" title="Not a partner registration" layout="vertical" imageName="deals">
        <Text>This deal was not registered by a partner.</Text>
      </EmptyState>
    );
  }
  return <Registration data={state.data} backend={backend} onDecided={replace} />;
}
