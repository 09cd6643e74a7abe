import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedComponentFiles } from '../../../scripts/hubspot-app/generated-component-files.js';
import { findStaleGeneratedFiles } from '../../../scripts/hubspot-app/find-stale-generated-files.js';
import { copyProject, PROJECT_DIR } from './project-copy.js';

describe('generated HubSpot component files', () => {
  it.each(generatedComponentFiles().map((file) => [file.path, file.text] as const))(
    '%s is what the code generates (npm run generate:hsmeta)',
    async (relativePath, expected) => {
      expect(await readFile(path.join(PROJECT_DIR, relativePath), 'utf8')).toBe(expected);
    },
  );

  it('generates the webhooks and one workflow action per definition', () => {
    expect(generatedComponentFiles().map((file) => file.path)).toEqual([
      'extensions/app/webhooks/webhooks-hsmeta.json',
      'extensions/app/workflow-actions/recalculate-partner-readiness-hsmeta.json',
      'extensions/app/workflow-actions/record-certification-hsmeta.json',
      'extensions/app/workflow-actions/assign-training-track-hsmeta.json',
      'extensions/app/workflow-actions/check-tier-eligibility-hsmeta.json',
      'extensions/app/workflow-actions/send-partner-page-link-hsmeta.json',
      'extensions/app/workflow-actions/register-partner-deal-hsmeta.json',
      'extensions/app/workflow-actions/decide-partner-registration-hsmeta.json',
      'extensions/app/workflow-actions/decide-tier-change-hsmeta.json',
      'extensions/app/workflow-actions/decide-partner-incentive-hsmeta.json',
    ]);
  });

  it('finds a checked-in file that drifted from its source', async () => {
    const project = await copyProject();
    try {
      const webhooks = await project.readJson('extensions/app/webhooks/webhooks-hsmeta.json');
      (webhooks.config as { subscriptions: { crmObjects: unknown[] } }).subscriptions.crmObjects.pop();
      await project.writeJson('extensions/app/webhooks/webhooks-hsmeta.json', webhooks);

      expect(findStaleGeneratedFiles(project.dir)).toContain('extensions/app/webhooks/webhooks-hsmeta.json');
    } finally {
      await project.remove();
    }
  });
});
