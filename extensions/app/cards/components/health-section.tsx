import { Flex, Statistics, StatisticsItem, Tag, Text } from '@hubspot/ui-extensions';
import type { HealthComponentView, HealthStatus, HealthView } from '../card-data.js';

type TagVariant = 'default' | 'warning' | 'success' | 'error';

const STATUS: Record<HealthStatus, { label: string; variant: TagVariant }> = {
  on_target: { label: 'On target', variant: 'success' },
  at_risk: { label: 'At risk', variant: 'warning' },
  off_target: { label: 'Off target', variant: 'error' },
};

const COMPONENT_LABELS: Record<HealthComponentView['name'], string> = {
  revenue: 'Revenue',
  pipeline: 'Pipeline',
  winRate: 'Win rate',
  enablement: 'Enablement',
  engagement: 'Engagement',
};

/** One component as a line: `Revenue 80% · weight 35`, or `Win rate: no data` when left out. */
function describeComponent(component: HealthComponentView): string {
  const label = COMPONENT_LABELS[component.name] ?? component.name;
  if (component.value === null) return `${label}: no data`;
  return `${label} ${Math.round(component.value * 100)}% · weight ${component.weight}`;
}

/** Partner health: the score and its status, then each component with its share and weight. */
export function HealthSection({ health }: { health: HealthView }) {
  const status = health.status ? STATUS[health.status] : null;
  return (
    <Flex direction="column" gap="xs" testId="health">
      <Flex direction="row" gap="sm" align="center">
        <Statistics>
          <StatisticsItem label="Health score" number={health.score === null ? '–' : health.score} />
        </Statistics>
        {status ? <Tag variant={status.variant}>{status.label}</Tag> : null}
      </Flex>
      {health.components.map((component) => (
        <Text key={component.name} variant="microcopy">{describeComponent(component)}</Text>
      ))}
    </Flex>
  );
}
