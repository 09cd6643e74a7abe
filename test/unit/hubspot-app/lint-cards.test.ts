import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintCards } from '../../../scripts/hubspot-app/lint-cards.js';
import { copyProject, PROJECT_DIR } from './project-copy.js';

describe("HubSpot's UI-extension lint rules over the cards", () => {
  it('find nothing in the cards as checked in', async () => {
    const { files, findings } = await lintCards(PROJECT_DIR, path.join(PROJECT_DIR, 'extensions'));

    expect(files).toBeGreaterThan(5);
    expect(findings).toEqual([]);
  });

  it('report browser APIs, HTML elements and imports from outside the cards folder', async () => {
    const project = await copyProject();
    try {
      await writeFile(
        path.join(project.sourceDir, 'app/cards/bad-card.tsx'),
        [
          "import { PROPERTY_GROUP } from '../../../src/hubspot/property-names.js';",
          'export function BadCard() {',
          "  localStorage.setItem('group', PROPERTY_GROUP.name);",
          "  void fetch('https://example.com');",
          '  return <div>{PROPERTY_GROUP.label}</div>;',
          '}',
          '',
        ].join('\n'),
      );

      const { findings } = await lintCards(project.dir, project.sourceDir);

      expect(findings.map((f) => [f.file, f.line, f.rule])).toEqual([
        ['extensions/app/cards/bad-card.tsx', 1, '@hubspot/ui-extensions/no-parent-imports'],
        ['extensions/app/cards/bad-card.tsx', 3, '@hubspot/ui-extensions/no-browser-storage'],
        ['extensions/app/cards/bad-card.tsx', 4, '@hubspot/ui-extensions/no-native-http'],
        ['extensions/app/cards/bad-card.tsx', 5, '@hubspot/ui-extensions/no-html-elements'],
      ]);
    } finally {
      await project.remove();
    }
  });
});
