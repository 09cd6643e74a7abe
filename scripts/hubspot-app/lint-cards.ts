import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { config as uiExtensionsConfig } from '@hubspot/eslint-config-ui-extensions';
import { ESLint } from 'eslint';
import { EXTENSION_FOLDERS } from './bundle-cards.js';
import { parser as typescriptParser } from 'typescript-eslint';

export interface LintFinding {
  file: string;
  line: number;
  rule: string | null;
  severity: 'warning' | 'error';
  message: string;
}

const SOURCE = /\.(ts|tsx|js|jsx)$/;
const NOT_SHIPPED = /\.test\.(ts|tsx)$/;
/** Folders that are never bundled into a card. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test-support']);

async function listSources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...(await listSources(full)));
    } else if (SOURCE.test(entry.name) && !NOT_SHIPPED.test(entry.name)) {
      files.push(full);
    }
  }
  return files.sort();
}

/**
 * Lints the cards and app pages with HubSpot's UI-extension rules only (@hubspot/eslint-config-ui-extensions'
 * flat `config`, TypeScript parsed by typescript-eslint); tests and their support are not shipped and
 * not linted.
 * Warnings count as findings. HubSpot's path-based rules (no parent imports, extension-point
 * imports) recognise a card by a `src/app/<point>/` path, and this project's source dir is
 * `extensions/`: each file is linted under the path it has inside HubSpot's layout.
 */
export async function lintCards(projectDir: string, sourceDir: string): Promise<{ files: number; findings: LintFinding[] }> {
  const eslint = new ESLint({
    cwd: projectDir,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx}'], languageOptions: { parser: typescriptParser } },
      ...uiExtensionsConfig,
    ],
  });
  const files: string[] = [];
  for (const folder of EXTENSION_FOLDERS) {
    files.push(...(await listSources(path.join(sourceDir, 'app', folder)).catch((): string[] => [])));
  }
  const findings: LintFinding[] = [];
  for (const file of files) {
    const asHubSpotLaysItOut = path.join(projectDir, 'src', path.relative(sourceDir, file));
    const [result] = await eslint.lintText(await readFile(file, 'utf8'), { filePath: asHubSpotLaysItOut });
    for (const message of result?.messages ?? []) {
      findings.push({
        file: path.relative(projectDir, file),
        line: message.line,
        rule: message.ruleId,
        severity: message.severity === 2 ? 'error' : 'warning',
        message: message.message,
      });
    }
  }
  return { files: files.length, findings };
}
