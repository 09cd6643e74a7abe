import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { loadProgram, type InvalidProgramDetails } from '../../../src/program/load-program.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pe-program-'));

function aProgramFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function refusal(file: string): { message: string; problems: string[] } {
  try {
    loadProgram(file);
  } catch (error) {
    if (isAppError(error, 'INVALID_PROGRAM')) {
      return { message: error.message, problems: (error.details as InvalidProgramDetails).problems };
    }
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('loadProgram', () => {
  it('returns the defaults when no file is given', () => {
    expect(loadProgram()).toEqual(DEFAULT_PROGRAM);
  });

  it('returns a copy of the defaults that callers cannot corrupt', () => {
    loadProgram().tiers.gold.minCertifications = 9;
    expect(loadProgram().tiers.gold.minCertifications).toBe(2);
  });

  it('reads a JSON file', () => {
    const file = aProgramFile('gold.json', JSON.stringify({ tiers: { gold: { minCertifications: 3 } } }));
    expect(loadProgram(file).tiers.gold.minCertifications).toBe(3);
  });

  it('reads a .yaml file as YAML', () => {
    const file = aProgramFile('program.yaml', 'gracePeriodDays: 45\nreminderOffsetsDays: [30, 7]\n');
    expect(loadProgram(file)).toMatchObject({ gracePeriodDays: 45, reminderOffsetsDays: [30, 7] });
  });

  it('reads a .yml file as YAML, where ~ removes a certification', () => {
    const file = aProgramFile('program.yml', 'certifications:\n  master_partner: ~\n');
    expect(loadProgram(file).certifications).not.toHaveProperty('master_partner');
  });

  it('refuses a file that does not exist', () => {
    expect(refusal(path.join(dir, 'missing.json')).problems).toEqual(['(file): cannot read it: no such file']);
  });

  it('refuses malformed JSON, saying it is not JSON', () => {
    expect(refusal(aProgramFile('broken.json', '{"tiers": ')).problems[0]).toMatch(/^\(file\): not valid JSON: /);
  });

  it('refuses malformed YAML, saying it is not YAML', () => {
    expect(refusal(aProgramFile('broken.yaml', 'tiers: [unclosed\n')).problems[0]).toMatch(/^\(file\): not valid YAML: /);
  });

  it('names the file and every problem in the error message', () => {
    const file = aProgramFile('two-problems.json', JSON.stringify({ maxActiveTracks: 0, reminderTime: '9' }));
    const { message } = refusal(file);
    expect(message.split('\n')).toEqual([
      `The program in ${file} is not valid (2 problems):`,
      '  - reminderTime: expected HH:mm, got "9"',
      '  - maxActiveTracks: expected more than 0, got 0',
    ]);
  });
});
