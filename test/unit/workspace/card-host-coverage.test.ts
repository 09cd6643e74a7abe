import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildWorkspaceBundles, hostExportNames } from '../../../src/workspace/build-workspace-bundles.js';
import { readAppComponents } from '../../../src/workspace/read-app-components.js';

/*
 * The workspace draws the cards and the app page from their real code with its own stand-in for
 * HubSpot's UI-extension runtime: every component, hook and router export a card or the page
 * imports (from `@hubspot/ui-extensions` or `@hubspot/ui-extensions/pages`) must exist in it.
 */

const EXTENSIONS = path.resolve('extensions');
const CARDS = path.join(EXTENSIONS, 'app', 'cards');
const PAGES = path.join(EXTENSIONS, 'app', 'pages');

function cardSources(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'test-support' ? [] : cardSources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Value (not type-only) names imported from `module` by the files. */
function importedNames(files: string[], module = '@hubspot/ui-extensions'): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || (statement.moduleSpecifier as ts.StringLiteral).text !== module) continue;
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) if (!element.isTypeOnly) names.add((element.propertyName ?? element.name).text);
      }
    }
  }
  return names;
}

describe('the workspace card host', () => {
  it('implements every @hubspot/ui-extensions component and hook the cards import', async () => {
    const imported = importedNames(cardSources(CARDS));
    expect(imported.size).toBeGreaterThan(10);
    const host = new Set((await hostExportNames()).main);
    expect([...imported].filter((name) => !host.has(name))).toEqual([]);
  });

  it('implements every @hubspot/ui-extensions component the app page imports', async () => {
    const imported = importedNames(cardSources(PAGES));
    expect(imported).toContain('LineChart');
    const host = new Set((await hostExportNames()).main);
    expect([...imported].filter((name) => !host.has(name))).toEqual([]);
  });

  it('implements every @hubspot/ui-extensions/pages export the app page imports', async () => {
    const imported = importedNames(cardSources(PAGES), '@hubspot/ui-extensions/pages');
    expect([...imported].sort()).toEqual(expect.arrayContaining(['PageRoutes', 'createPageRouter']));
    const host = new Set((await hostExportNames()).pages);
    expect([...imported].filter((name) => !host.has(name))).toEqual([]);
  });

  it('stands in only for names the real @hubspot/ui-extensions/pages exports', async () => {
    const real = Object.keys(await import('@hubspot/ui-extensions/pages'));
    expect((await hostExportNames()).pages.filter((name) => !real.includes(name))).toEqual([]);
  });

  it('bundles every card of the project against the host', async () => {
    const { cards } = readAppComponents(EXTENSIONS);
    expect(cards.map((card) => card.uid).sort()).toEqual(['contact-enablement-card', 'deal-registration-card', 'partner-enablement-card']);
    const bundles = await buildWorkspaceBundles(cards);
    for (const card of cards) expect(bundles.cards.get(card.uid)).toContain('__workspaceLoadingCard');
  });

  it('bundles the app page its hsmeta file declares against the host', async () => {
    const { pages, appName } = readAppComponents(EXTENSIONS);
    expect(pages).toEqual([{ uid: 'partner-enablement-pages', name: appName, entryFile: path.join(PAGES, 'program-dashboard.tsx') }]);
    const bundles = await buildWorkspaceBundles([], pages);
    const code = bundles.pages.get('partner-enablement-pages');
    expect(code).toContain('__workspaceLoadingCard = "partner-enablement-pages"');
    expect(code).toContain('__workspaceUiExtensionsPages');
  });

  it('refuses to bundle a page that imports a pages export the host lacks, naming it', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-page-'));
    try {
      const entryFile = path.join(folder, 'odd-page.tsx');
      fs.writeFileSync(
        entryFile,
        "import { hubspot } from '@hubspot/ui-extensions';\nimport { PageBreadcrumbs, PageRoutes, createPageRouter } from '@hubspot/ui-extensions/pages';\n" +
          "const Home = () => <PageBreadcrumbs>Home</PageBreadcrumbs>;\nconst Router = createPageRouter(<PageRoutes><PageRoutes.IndexRoute component={Home} /></PageRoutes>);\nhubspot.extend<'pages'>(() => <Router />);\n",
      );
      await expect(buildWorkspaceBundles([], [{ uid: 'odd-page', name: 'Odd', entryFile }])).rejects.toThrow(/PageBreadcrumbs/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses to bundle a card that imports a component the host lacks', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-card-'));
    try {
      const entryFile = path.join(folder, 'odd-card.tsx');
      fs.writeFileSync(entryFile, "import { hubspot, ImaginaryChart } from '@hubspot/ui-extensions';\nhubspot.extend(() => <ImaginaryChart />);\n");
      await expect(buildWorkspaceBundles([{ uid: 'odd-card', name: 'Odd', location: 'crm.record.tab', objectTypes: ['companies'], entryFile }])).rejects.toThrow(/ImaginaryChart/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
