import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stageProjectUpload } from '../../../scripts/hubspot-app/stage-project-upload.js';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ENV = { HUBSPOT_ACCOUNT_ID: '48807704', HUBSPOT_PERSONAL_ACCESS_KEY: 'pat-na1-test', PUBLIC_BASE_URL: 'https://pe.vendor.test' };

describe('staging `hs project upload --use-env --profile <name>`', () => {
  let temp = '';

  beforeEach(() => {
    temp = mkdtempSync(path.join(os.tmpdir(), 'stage-upload-test-'));
  });

  afterEach(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  it("gives the staged profile the environment's account id and backend origin", () => {
    const staged = stageProjectUpload({ projectDir: PROJECT_DIR, profile: 'production', env: ENV, tempDir: temp });

    if (!staged.ok) throw new Error(staged.problems.join('\n'));
    const profile = JSON.parse(readFileSync(path.join(staged.dir, 'extensions', 'hsprofile.production.json'), 'utf8')) as {
      accountId: number;
      variables: Record<string, string>;
    };
    expect(profile).toEqual({ accountId: 48807704, variables: { PUBLIC_BASE_URL: 'https://pe.vendor.test' } });
    expect(JSON.parse(readFileSync(path.join(staged.dir, 'hsproject.json'), 'utf8'))).toMatchObject({ srcDir: 'extensions' });
    expect(readFileSync(path.join(staged.dir, 'extensions', 'app', 'app-hsmeta.json'), 'utf8')).toContain('"uid": "partner-enablement-app"');
  });

  it("never changes the repository's profile", () => {
    const before = readFileSync(path.join(PROJECT_DIR, 'extensions', 'hsprofile.production.json'), 'utf8');

    stageProjectUpload({ projectDir: PROJECT_DIR, profile: 'production', env: ENV, tempDir: temp });

    expect(readFileSync(path.join(PROJECT_DIR, 'extensions', 'hsprofile.production.json'), 'utf8')).toBe(before);
  });

  it('names every missing variable at once, and the placeholder origin', () => {
    const staged = stageProjectUpload({ projectDir: PROJECT_DIR, profile: 'production', env: {}, tempDir: temp });

    expect(staged.ok).toBe(false);
    const problems = staged.ok ? [] : staged.problems;
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['HUBSPOT_ACCOUNT_ID', 'HUBSPOT_PERSONAL_ACCESS_KEY', 'PUBLIC_BASE_URL']);
    expect(problems[2]).toContain('placeholder');
  });

  it('refuses account id 0 and an unknown profile', () => {
    const staged = stageProjectUpload({ projectDir: PROJECT_DIR, profile: 'staging', env: { ...ENV, HUBSPOT_ACCOUNT_ID: '0' }, tempDir: temp });

    expect(staged.ok ? [] : staged.problems.map((problem) => problem.split(':')[0])).toEqual(['extensions/hsprofile.staging.json', 'HUBSPOT_ACCOUNT_ID']);
  });
});
