import type { MetricTarget } from './types.js';

/** The headline metrics that carry a target (docs/metrics.md "Targets"). */
export interface MetricTargets {
  averageReadiness: MetricTarget;
  certificationCompletionPercent: MetricTarget;
  trainingCompletionPercent: MetricTarget;
  daysToFirstCertification: MetricTarget;
  renewalRatePercent: MetricTarget;
  registrationDecisionHours: MetricTarget;
}

/** The seed program's targets (docs/metrics.md "Enablement", "Registrations"). */
export const SEED_METRIC_TARGETS: MetricTargets = {
  averageReadiness: { threshold: 85, better: 'higher' },
  certificationCompletionPercent: { threshold: 80, better: 'higher' },
  trainingCompletionPercent: { threshold: 70, better: 'higher' },
  daysToFirstCertification: { threshold: 45, better: 'lower' },
  renewalRatePercent: { threshold: 90, better: 'higher' },
  registrationDecisionHours: { threshold: 48, better: 'lower' },
};
