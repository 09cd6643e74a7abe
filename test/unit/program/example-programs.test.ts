import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { loadProgram } from '../../../src/program/load-program.js';

const examplesDir = path.resolve(import.meta.dirname, '../../../examples');
const programFiles = readdirSync(examplesDir).filter((name) => /^program-.*\.(json|ya?ml)$/.test(name));

describe('example program files', () => {
  it('ships a JSON and a YAML example', () => {
    expect(programFiles.some((name) => name.endsWith('.json'))).toBe(true);
    expect(programFiles.some((name) => /\.ya?ml$/.test(name))).toBe(true);
  });

  it.each(programFiles)('%s loads and differs from the defaults', (name) => {
    const program = loadProgram(path.join(examplesDir, name));
    expect(program).not.toEqual(DEFAULT_PROGRAM);
  });

  it('the complete JSON example names every top-level setting', async () => {
    const { default: raw } = await import('../../../examples/program-cloud-msp.json', { with: { type: 'json' } });
    expect(Object.keys(raw).sort()).toEqual(Object.keys(DEFAULT_PROGRAM).sort());
  });
});
