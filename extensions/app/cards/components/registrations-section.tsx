import { Flex, Statistics, StatisticsItem, Tag, Text } from '@hubspot/ui-extensions';
import type { PartnerRegistrationsView, RegistrationStatus } from '../card-data.js';
import { describeInstant } from '../describe-instant.js';

type TagVariant = 'default' | 'warning' | 'success' | 'error' | 'info';

const STATUS: Record<RegistrationStatus, { label: string; variant: TagVariant }> = {
  submitted: { label: 'Pending', variant: 'warning' },
  approved: { label: 'Approved', variant: 'success' },
  rejected: { label: 'Rejected', variant: 'error' },
  expired: { label: 'Expired', variant: 'default' },
  won: { label: 'Won', variant: 'success' },
  lost: { label: 'Lost', variant: 'default' },
};

const CONFLICT: Record<string, string> = {
  none: 'no conflict',
  possible: 'possible conflict',
  conflict: 'conflict',
};

/** The partner's registrations: counts by status, then the latest few with status and conflict. */
export function RegistrationsSection({ registrations }: { registrations: PartnerRegistrationsView }) {
  const { counts, latest } = registrations;
  return (
    <Flex direction="column" gap="xs" testId="registrations">
      <Statistics>
        <StatisticsItem label="Pending" number={counts.submitted} />
        <StatisticsItem label="Approved" number={counts.approved} />
        <StatisticsItem label="Won" number={counts.won} />
        <StatisticsItem label="Rejected or expired" number={counts.rejected + counts.expired} />
      </Statistics>
      {latest.length === 0 ? (
        <Text testId="no-registrations">No registrations yet.</Text>
      ) : (
        latest.map((entry) => {
          const status = STATUS[entry.status] ?? { label: entry.status, variant: 'default' as const };
          const name = entry.dealName ?? entry.customer ?? `Registration ${entry.registrationId}`;
          const conflict = entry.conflict ? CONFLICT[entry.conflict] ?? entry.conflict : null;
          const due = entry.status === 'submitted' && entry.dueAt ? `decision due ${describeInstant(entry.dueAt)}` : null;
          return (
            <Flex key={entry.registrationId} direction="row" gap="sm" align="center">
              <Tag variant={status.variant}>{status.label}</Tag>
              <Text>{[name, conflict, due].filter(Boolean).join(' · ')}</Text>
            </Flex>
          );
        })
      )}
    </Flex>
  );
}
