import { Flex, Tag, Text } from '@hubspot/ui-extensions';
import type { Recommendation, RecommendationWhen } from '../card-data.js';

const WHEN: Record<RecommendationWhen, { label: string; rank: number; variant: 'error' | 'warning' | 'info' }> = {
  immediately: { label: 'Immediately', rank: 0, variant: 'error' },
  this_week: { label: 'This week', rank: 1, variant: 'warning' },
  this_month: { label: 'This month', rank: 2, variant: 'info' },
};

/** What to do next, most urgent first. */
export function RecommendationsSection({ recommendations }: { recommendations: Recommendation[] }) {
  if (recommendations.length === 0) return <Text testId="no-recommendations">No recommendations right now.</Text>;
  const ordered = [...recommendations].sort((a, b) => WHEN[a.when].rank - WHEN[b.when].rank);
  return (
    <Flex direction="column" gap="xs" testId="recommendations">
      {ordered.map((recommendation, index) => (
        <Flex key={index} direction="row" gap="sm" align="center">
          <Tag variant={WHEN[recommendation.when].variant}>{WHEN[recommendation.when].label}</Tag>
          <Text>{recommendation.text}</Text>
        </Flex>
      ))}
    </Flex>
  );
}
