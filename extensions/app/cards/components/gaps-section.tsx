import { Flex, Text } from '@hubspot/ui-extensions';
import type { GapView } from '../card-data.js';
import { orderGaps } from '../order-gaps.js';
import { PriorityTag } from './status-tags.js';

/** Gaps toward the target tier, most urgent first, each with its priority. */
export function GapsSection({ gaps, targetTierName }: { gaps: GapView[]; targetTierName: string | null }) {
  if (gaps.length === 0) {
    return (
      <Text testId="no-gaps">
        {targetTierName ? `Nothing is missing for ${targetTierName}.` : 'Nothing is missing.'}
      </Text>
    );
  }
  return (
    <Flex direction="column" gap="xs" testId="gaps">
      {targetTierName ? <Text variant="microcopy">{`Toward ${targetTierName}`}</Text> : null}
      {orderGaps(gaps).map((gap, index) => (
        <Flex key={`${gap.type}-${index}`} direction="row" gap="sm" align="center">
          <PriorityTag priority={gap.priority} />
          <Text>{gap.label}</Text>
        </Flex>
      ))}
    </Flex>
  );
}
