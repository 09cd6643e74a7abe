import { Flex, ProgressBar, Statistics, StatisticsItem, StatisticsTrend, Text } from '@hubspot/ui-extensions';
import type { PartnerEnablementData, Trend } from '../card-data.js';

const TREND_TEXT: Record<Trend, string> = {
  improving: 'Improving',
  stable: 'Stable',
  declining: 'Declining',
};

function TrendIndicator({ trend }: { trend: Trend | null }) {
  if (trend === 'improving') return <StatisticsTrend direction="increase" color="green" value={TREND_TEXT.improving} />;
  if (trend === 'declining') return <StatisticsTrend direction="decrease" color="red" value={TREND_TEXT.declining} />;
  return null;
}

/** Tier, score and trend, and the progress bar toward the next tier. */
export function PartnerSummary({ data }: { data: PartnerEnablementData }) {
  const { nextTier } = data;
  return (
    <Flex direction="column" gap="sm">
      <Statistics>
        <StatisticsItem label="Tier" number={data.tier.name} />
        <StatisticsItem label="Readiness score" number={data.score}>
          <TrendIndicator trend={data.trend} />
        </StatisticsItem>
        <StatisticsItem label="Trend" number={data.trend ? TREND_TEXT[data.trend] : 'Not enough history'} />
      </Statistics>
      {nextTier ? (
        <ProgressBar
          testId="tier-progress"
          title={`Progress to ${nextTier.name}`}
          value={Math.min(data.score, nextTier.targetScore)}
          maxValue={nextTier.targetScore}
          valueDescription={`${data.score} of ${nextTier.targetScore} points, ${data.pointsToNextTier} to go`}
          variant={data.trend === 'declining' ? 'warning' : 'success'}
          showPercentage
        />
      ) : (
        <Text testId="top-tier">{data.tier.name} is the top tier.</Text>
      )}
    </Flex>
  );
}
