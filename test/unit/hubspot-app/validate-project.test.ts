import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerSchemaDownloadLocally } from '../../../scripts/hubspot-app/answer-schema-download.js';
import { COMPONENT_SCHEMAS } from '../../../scripts/hubspot-app/component-schemas.js';
import { validateProject } from '../../../scripts/hubspot-app/validate-project.js';
import { http } from '@hubspot/local-dev-lib/http';
import { copyProject, PROJECT_DIR, type ProjectCopy } from './project-copy.js';

describe('HubSpot project validation (HubSpot project parser, offline)', () => {
  let project: ProjectCopy;

  beforeEach(async () => {
    project = await copyProject();
  });
  afterEach(async () => {
    await project.remove();
  });

  it('accepts the project as checked in, for every upload profile', async () => {
    const result = await validateProject(PROJECT_DIR);

    expect(result.problems).toEqual([]);
    expect(result.profiles).toEqual(['development', 'production']);
    expect(result.components.map((c) => c.componentType).sort()).toEqual([
      'APPLICATION',
      'CARD',
      'CARD',
      'CARD',
      'PAGE',
      'WEBHOOKS',
      'WORKFLOW_ACTION',
      'WORKFLOW_ACTION',
      'WORKFLOW_ACTION',
      'WORKFLOW_ACTION',
      'WORKFLOW_ACTION',
      'WORKFLOW_ACTION',
      'WORKFLOW_ACTION',
      'WORKFLOW_ACTION',
      'WORKFLOW_ACTION',
    ]);
  });

  it('answers the one schema download locally and makes no other request', async () => {
    const result = await validateProject(PROJECT_DIR);

    expect(new Set(result.schemaRequests)).toEqual(new Set(['project-components-external/project-schemas/v3/2026.03']));
  });

  it('substitutes the profile variables into the components', async () => {
    const result = await validateProject(PROJECT_DIR);

    const app = result.components.find((c) => c.componentType === 'APPLICATION');
    expect((app?.config as { permittedUrls: { fetch: string[] } }).permittedUrls.fetch).toEqual(['https://partner-enablement.example.com']);
  });

  it('rejects a component file one folder too deep, which HubSpot would silently ignore', async () => {
    await mkdir(path.join(project.sourceDir, 'app/cards/extra'));
    await rename(
      path.join(project.sourceDir, 'app/cards/contact-enablement-hsmeta.json'),
      path.join(project.sourceDir, 'app/cards/extra/contact-enablement-hsmeta.json'),
    );

    const { problems } = await validateProject(project.dir);

    expect(problems).toContain(
      '[profile development] app/cards/extra/contact-enablement-hsmeta.json is not in a folder HubSpot reads components from, so it would be ignored',
    );
  });

  it('rejects a component in the folder of another component type', async () => {
    await rename(
      path.join(project.sourceDir, 'app/workflow-actions/record-certification-hsmeta.json'),
      path.join(project.sourceDir, 'app/cards/record-certification-hsmeta.json'),
    );

    const { problems } = await validateProject(project.dir);

    expect(problems.join('\n')).toMatch(/The directory 'app\/cards' is incorrect for type 'workflow-action'/);
  });

  it('rejects two components with the same uid', async () => {
    const card = await project.readJson('extensions/app/cards/contact-enablement-hsmeta.json');
    await project.writeJson('extensions/app/cards/contact-enablement-hsmeta.json', { ...card, uid: 'partner-enablement-card' });

    const { problems } = await validateProject(project.dir);

    expect(problems.join('\n')).toMatch(/Duplicate uid 'partner-enablement-card'/);
  });

  it('rejects a webhook subscription to an output property', async () => {
    const webhooks = await project.readJson('extensions/app/webhooks/webhooks-hsmeta.json');
    const config = webhooks.config as { subscriptions: { crmObjects: unknown[] } };
    config.subscriptions.crmObjects.push({
      subscriptionType: 'object.propertyChange',
      objectType: 'company',
      propertyName: 'pe_readiness_score',
      active: true,
    });
    await project.writeJson('extensions/app/webhooks/webhooks-hsmeta.json', webhooks);

    const { problems } = await validateProject(project.dir);

    expect(problems).toContain(
      "[profile production] app/webhooks/webhooks-hsmeta.json: webhooks subscribe to the output property company pe_readiness_score: the app's own writes would trigger it again",
    );
  });

  it('rejects an unknown platform version', async () => {
    await project.writeJson('hsproject.json', { name: 'partner-enablement', srcDir: 'extensions', platformVersion: '2025.7' });

    const { problems } = await validateProject(project.dir);

    expect(problems).toContain("[profile development] Unsupported platform version: '2025.7'");
  });

  it('rejects a component that does not match its schema', async () => {
    const card = await project.readJson('extensions/app/cards/partner-enablement-hsmeta.json');
    await project.writeJson('extensions/app/cards/partner-enablement-hsmeta.json', {
      ...card,
      config: { ...(card.config as object), location: 'crm.record.middle' },
    });

    const { problems } = await validateProject(project.dir);

    expect(problems.join('\n')).toMatch(/config\.location/);
  });

  it('rejects a workflow action with a config key HubSpot does not define', async () => {
    const file = 'extensions/app/workflow-actions/record-certification-hsmeta.json';
    const action = await project.readJson(file);
    const { executionRules, ...config } = action.config as { executionRules: unknown };
    await project.writeJson(file, { ...action, config: { ...config, executionRule: executionRules } });

    const { problems } = await validateProject(project.dir);

    expect(problems.join('\n')).toMatch(/record-certification-hsmeta\.json:\n.*config: must NOT have additional properties\n.*additionalProperty: executionRule$/m);
  });

  it('rejects an execution rule that carries its message, which belongs in labels.<lang>.executionRules', async () => {
    const file = 'extensions/app/workflow-actions/record-certification-hsmeta.json';
    const action = await project.readJson(file);
    const config = action.config as { executionRules: unknown[] };
    config.executionRules.push({ labelName: 'tooBig', conditions: { errorCode: 'TOO_BIG' }, message: 'Too big' });
    await project.writeJson(file, action);

    const { problems } = await validateProject(project.dir);

    expect(problems.join('\n')).toMatch(/config\.executionRules\.\d+: must NOT have additional properties\n.*additionalProperty: message$/m);
  });

  it('rejects a card whose entrypoint does not exist', async () => {
    const card = await project.readJson('extensions/app/cards/contact-enablement-hsmeta.json');
    await project.writeJson('extensions/app/cards/contact-enablement-hsmeta.json', {
      ...card,
      config: { ...(card.config as object), entrypoint: '/app/cards/missing.tsx' },
    });

    const { problems } = await validateProject(project.dir);

    expect(problems).toContain(
      "[profile development] app/cards/contact-enablement-hsmeta.json: the card's entrypoint /app/cards/missing.tsx does not exist",
    );
  });

  it('rejects a component that uses a profile variable no profile defines', async () => {
    const app = await project.readJson('extensions/app/app-hsmeta.json');
    await project.writeJson('extensions/app/app-hsmeta.json', {
      ...app,
      config: { ...(app.config as object), permittedUrls: { fetch: ['${BACKEND_HOST}'], iframe: [], img: [] } },
    });

    const { problems } = await validateProject(project.dir);

    expect(problems.join('\n')).toMatch(/BACKEND_HOST/);
  });

  it('rejects an hsproject.json without a source dir', async () => {
    await writeFile(path.join(project.dir, 'hsproject.json'), JSON.stringify({ name: 'x', platformVersion: '2026.03' }));

    const { problems } = await validateProject(project.dir);

    expect(problems.join('\n')).toMatch(/^hsproject\.json: .*srcDir/);
  });
});

describe('the local answer to the schema download', () => {
  it('fails any request other than the schema download', async () => {
    const restore = answerSchemaDownloadLocally(COMPONENT_SCHEMAS);
    try {
      await expect(http.get(1, { url: 'crm/v3/objects/companies' })).rejects.toThrow(
        'unexpected HubSpot request during offline validation: GET crm/v3/objects/companies',
      );
    } finally {
      restore();
    }
  });

  it('answers 404 for a platform version it has no schemas for', async () => {
    const restore = answerSchemaDownloadLocally(COMPONENT_SCHEMAS);
    try {
      await expect(http.get(1, { url: 'project-components-external/project-schemas/v3/2025.2' })).rejects.toMatchObject({ status: 404 });
    } finally {
      restore();
    }
  });
});
