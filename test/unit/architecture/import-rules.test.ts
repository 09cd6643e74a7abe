import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/run-cli.js';

/*
 * The import rules of ARCHITECTURE.md, as `npm run lint` checks them (.dependency-cruiser.cjs):
 * each rule is run on a small tree of files that breaks it, and on the repository, which keeps it.
 */

const config = createRequire(import.meta.url)(path.join(repoRoot, '.dependency-cruiser.cjs')) as {
  forbidden: Array<{ name: string }>;
  options: Record<string, unknown>;
};

async function violations(baseDir: string, folders: string[], withTsConfig: boolean): Promise<Array<{ rule: string; from: string; to: string }>> {
  const { tsConfig: _tsConfig, ...options } = config.options;
  const result = await cruise(
    folders,
    { ...options, ...(withTsConfig ? { tsConfig: { fileName: 'tsconfig.json' } } : {}), baseDir, validate: true, ruleSet: { forbidden: config.forbidden } } as never,
  );
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

let dir: string;

function file(relative: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  writeFileSync(path.join(dir, relative), text);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pe-import-rules-'));
  file('src/domain/score.ts', "import { readFileSync } from 'node:fs';\nimport { load } from '../hubspot/load';\nexport const score = () => [readFileSync, load];\n");
  file('src/hubspot/load.ts', 'export const load = 1;\n');
  file('src/a.ts', "import { b } from './b';\nexport const a = () => b;\n");
  file('src/b.ts', "import type { a } from './a';\nexport const b: typeof a | 1 = 1;\n");
  file('src/sandbox/index.ts', "import { load } from '../hubspot/load';\nexport const startSandbox = () => load;\n");
  file('src/http/route.ts', "import { startSandbox } from '../sandbox/index';\nexport const route = startSandbox;\n");
  file('src/http/lazy.ts', "export const lazy = () => import('../sandbox/index');\n");
  file('src/sandbox-mode/start-sandbox-mode.ts', "import { startSandbox } from '../sandbox/index';\nexport const startSandboxMode = startSandbox;\n");
  file('src/cli/run.ts', "import { startSandboxMode } from '../sandbox-mode/start-sandbox-mode';\nexport const run = startSandboxMode;\n");
  file('src/cli/run-lazily.ts', "export const run = () => import('../sandbox-mode/start-sandbox-mode');\n");
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the import rules', () => {
  it('refuse every kind of broken import', async () => {
    const found = await violations(dir, ['src'], false);
    const seen = (rule: string, from: string, to: string) => found.some((v) => v.rule === rule && v.from === from && v.to === to);
    expect(seen('domain-is-pure', 'src/domain/score.ts', 'src/hubspot/load.ts')).toBe(true);
    expect(seen('domain-imports-no-node-builtins', 'src/domain/score.ts', 'fs')).toBe(true);
    expect(found.some((v) => v.rule === 'no-circular' && v.from === 'src/a.ts')).toBe(true);
    expect(seen('sandbox-is-independent', 'src/sandbox/index.ts', 'src/hubspot/load.ts')).toBe(true);
    expect(seen('production-never-imports-the-sandbox', 'src/http/route.ts', 'src/sandbox/index.ts')).toBe(true);
    expect(seen('sandbox-loaded-lazily-only-by-sandbox-branches', 'src/http/lazy.ts', 'src/sandbox/index.ts')).toBe(true);
    expect(seen('sandbox-mode-starts-lazily', 'src/cli/run.ts', 'src/sandbox-mode/start-sandbox-mode.ts')).toBe(true);
    // Sandbox mode may start the emulator, and others may start sandbox mode lazily.
    expect(found.filter((v) => v.from === 'src/sandbox-mode/start-sandbox-mode.ts' || v.from === 'src/cli/run-lazily.ts')).toEqual([]);
  });

  it('hold in the repository', async () => {
    expect(await violations(repoRoot, ['src', 'workflows', 'bin', 'scripts', 'bench'], true)).toEqual([]);
  });
});
