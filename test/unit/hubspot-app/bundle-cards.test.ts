import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleCards } from '../../../scripts/hubspot-app/bundle-cards.js';
import { copyProject, PROJECT_DIR } from './project-copy.js';

const NODE_MODULES = path.join(PROJECT_DIR, 'node_modules');

describe("HubSpot's card build", () => {
  it('bundles every card and the app pages of the project', async () => {
    const bundles = await bundleCards(path.join(PROJECT_DIR, 'extensions'), NODE_MODULES);

    expect(bundles.map((b) => [b.entrypoint, b.error])).toEqual([
      ['/app/cards/contact-enablement.tsx', null],
      ['/app/cards/deal-registration.tsx', null],
      ['/app/cards/partner-enablement.tsx', null],
      ['/app/pages/program-dashboard.tsx', null],
    ]);
    for (const bundle of bundles) expect(bundle.bytes).toBeGreaterThan(1000);
  });

  it('fails a card that imports a file from outside the cards folder', async () => {
    const project = await copyProject();
    try {
      await writeFile(
        path.join(project.sourceDir, 'app/cards/contact-enablement.tsx'),
        "import { hubspot } from '@hubspot/ui-extensions';\nimport { PROPERTY_GROUP } from '../../../src/hubspot/property-names.js';\nhubspot.extend(() => <>{PROPERTY_GROUP.label}</>);\n",
      );

      const bundles = await bundleCards(project.sourceDir, NODE_MODULES);

      const contact = bundles.find((b) => b.entrypoint === '/app/cards/contact-enablement.tsx');
      expect(contact?.error).toMatch(/property-names/);
      expect(bundles.find((b) => b.entrypoint === '/app/cards/partner-enablement.tsx')?.error).toBeNull();
    } finally {
      await project.remove();
    }
  });

  it('fails an app page that imports a file from the cards folder', async () => {
    const project = await copyProject();
    try {
      await writeFile(
        path.join(project.sourceDir, 'app/pages/program-dashboard.tsx'),
        "import { hubspot } from '@hubspot/ui-extensions';\nimport { backendOrigin } from '../cards/backend-origin.js';\nhubspot.extend<'pages'>(({ context }) => <>{backendOrigin(context)}</>);\n",
      );
      const bundles = await bundleCards(project.sourceDir, NODE_MODULES);

      expect(bundles.find((b) => b.entrypoint === '/app/pages/program-dashboard.tsx')?.error).toMatch(/backend-origin/);
      expect(bundles.find((b) => b.entrypoint === '/app/cards/partner-enablement.tsx')?.error).toBeNull();
    } finally {
      await project.remove();
    }
  });
});
