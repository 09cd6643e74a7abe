import { Flex, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import type { TierGovernanceView, TierHistoryEntryView } from '../card-data.js';

type TagVariant = 'default' | 'warning' | 'success' | 'error' | 'info';

const ACTION: Record<string, { label: string; variant: TagVariant }> = {
  advance: { label: 'Advanced', variant: 'success' },
  demote: { label: 'Demoted', variant: 'error' },
  hold: { label: 'Held', variant: 'default' },
};

const REASONS: Record<string, string> = {
  qualified_above: 'qualified above the tier',
  fast_track: 'fast track',
  qualified_below: 'qualified below the tier',
  advance_pending: 'advance pending',
  demotion_pending: 'demotion pending',
  at_entry_tier: 'at the entry tier',
  qualified_at_tier: 'qualified at the tier',
};

/** `2027Q1` → `2027 Q1`. */
function quarterName(label: string): string {
  return label.replace(/^(\d{4})Q([1-4])$/, '$1 Q$2');
}

function officialText(entry: TierHistoryEntryView): string {
  const moved = entry.before.id === entry.after.id ? entry.after.name : `${entry.before.name} → ${entry.after.name}`;
  return entry.proposed && entry.proposed.id !== entry.after.id ? `${moved} (${entry.proposed.name} proposed)` : moved;
}

/** The partner's tier outlook and closed quarters, newest first: qualified, official before → after, reason. */
export function TierGovernanceSection({ governance }: { governance: TierGovernanceView }) {
  const { outlook, history } = governance;
  return (
    <Flex direction="column" gap="xs" testId="tier-governance">
      {outlook ? <Text testId="tier-outlook" format={{ fontWeight: 'demibold' }}>{outlook}</Text> : null}
      {history.length === 0 ? (
        <Text testId="no-tier-history">No quarter has closed for this partner yet.</Text>
      ) : (
        <Table testId="tier-history" bordered={false}>
          <TableHead>
            <TableRow>
              <TableHeader>Quarter</TableHeader>
              <TableHeader>Qualified</TableHeader>
              <TableHeader>Official tier</TableHeader>
              <TableHeader>Decision</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {history.map((entry) => {
              const action = ACTION[entry.action] ?? { label: entry.action, variant: 'default' as const };
              return (
                <TableRow key={entry.quarter}>
                  <TableCell>{quarterName(entry.quarter)}</TableCell>
                  <TableCell>{entry.qualified.name}</TableCell>
                  <TableCell>{officialText(entry)}</TableCell>
                  <TableCell>
                    <Flex direction="row" gap="xs" align="center">
                      <Tag variant={action.variant}>{action.label}</Tag>
                      <Text>{REASONS[entry.reason] ?? entry.reason}</Text>
                    </Flex>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
