import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildWorkspaceBundles, hostExportNames } from '../../../src/workspace/build-workspace-bundles.js';
import { readAppComponents } from '../../../src/workspace/read-app-components.js';

/*
 * The workspace draws the cards from their real code with its own stand-in for HubSpot's
 * UI-extension runtime: every component and hook a card imports must exist in it.
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

/** Value (not type-only) names imported from `@hubspot/ui-extensions` by the cards. */
function importedNames(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || (statement.moduleSpecifier as ts.StringLiteral).text !== '@hubspot/ui-extensions') continue;
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
    const host = new Set(await hostExportNames());
    expect([...imported].filter((name) => !host.has(name))).toEqual([]);
  });

  it('implements every @hubspot/ui-extensions component the app page imports', async () => {
    const imported = importedNames(cardSources(PAGES));
    expect(imported).toContain('LineChart');
    const host = new Set(await hostExportNames());
    expect([...imported].filter((name) => !host.has(name))).toEqual([]);
  });

  it('bundles every card of the project against the host', async () => {
    const { cards } = readAppComponents(EXTENSIONS);
    expect(cards.map((card) => card.uid).sort()).toEqual(['contact-enablement-card', 'deal-registration-card', 'partner-enablement-card']);
    const bundles = await buildWorkspaceBundles(cards);
    for (const card of cards) expect(bundles.cards.get(card.uid)).toContain('__workspaceLoadingCard');
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
