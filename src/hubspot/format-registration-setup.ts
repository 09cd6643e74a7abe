import type { RegistrationSetupAction, RegistrationSetupReport } from './setup-registrations.js';

/** The registration part of the `setup` command's output: one line for the pipeline, one for the label. */
export function formatRegistrationSetup(report: RegistrationSetupReport): string {
  const verb = (action: RegistrationSetupAction): string =>
    ({
      create: report.dryRun ? 'would create' : 'created',
      unchanged: 'unchanged',
      fallback: 'NOT AVAILABLE',
      conflict: 'CONFLICT',
    })[action];
  return [report.pipeline, report.label]
    .map((entry) => `  deals     ${entry.name.padEnd(44)} ${verb(entry.action)}${entry.note ? `: ${entry.note}` : ''}`)
    .join('\n');
}
