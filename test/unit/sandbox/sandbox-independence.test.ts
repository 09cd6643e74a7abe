import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The sandbox is a second implementation of HubSpot: what it answers, how it signs and which
// properties a portal holds must not come from the product it is there to check. It may read
// the enablement program only to shape its demo data (which partners the demo portal holds).
const SANDBOX = path.resolve(import.meta.dirname, '../../../src/sandbox');
const ALLOWED = new Set(['src/program/default-program.ts', 'src/program/program-schema.ts']);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g)].map((match) => match[1]!);
}

describe('the sandbox', () => {
  it('imports nothing from the product but the program its demo data is shaped by', () => {
    const root = path.resolve(SANDBOX, '../..');
    const outside = sourceFiles(SANDBOX).flatMap((file) =>
      relativeImports(file)
        .map((specifier) => path.relative(root, path.resolve(path.dirname(file), specifier)).replace(/\.js$/, '.ts'))
        .filter((target) => !target.startsWith('src/sandbox/'))
        .map((target) => `${path.relative(root, file)} → ${target}`),
    );
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.filter((line) => !ALLOWED.has(line.split(' → ')[1]!))).toEqual([]);
  });
});
