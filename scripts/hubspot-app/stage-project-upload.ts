import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROFILE_VARIABLES } from './profile-variables.js';

export interface StageProjectUploadOptions {
  /** The repository root (where `hsproject.json` is). */
  projectDir: string;
  /** The profile to upload with: `extensions/hsprofile.<profile>.json`. */
  profile: string;
  /** Where `HUBSPOT_ACCOUNT_ID`, `HUBSPOT_PERSONAL_ACCESS_KEY` and `PUBLIC_BASE_URL` are read. */
  env: NodeJS.ProcessEnv;
  /** Where the staged copy is made. Default the system's temporary folder. */
  tempDir?: string;
}

export type StagedProjectUpload =
  | { ok: true; dir: string; accountId: number; publicBaseUrl: string }
  | { ok: false; problems: string[] };

interface ProfileFile {
  accountId?: number;
  variables?: Record<string, unknown>;
}

/**
 * Prepares `hs project upload --use-env --profile <profile>`. The HubSpot CLI refuses a profile
 * without a real `accountId`, and in environment mode the only account it knows is
 * `HUBSPOT_ACCOUNT_ID`; the repository cannot know that id. So the project (hsproject.json and its
 * srcDir) is copied to a temporary folder, and the profile there gets `accountId` from
 * `HUBSPOT_ACCOUNT_ID` and `PUBLIC_BASE_URL` from the environment when it is set. Every missing or
 * wrong variable is named at once; the repository's files are never changed.
 */
export function stageProjectUpload(options: StageProjectUploadOptions): StagedProjectUpload {
  const { projectDir, profile, env } = options;
  const problems: string[] = [];
  const project = JSON.parse(readFileSync(path.join(projectDir, 'hsproject.json'), 'utf8')) as { srcDir: string };
  const profileFile = `hsprofile.${profile}.json`;
  let profileData: ProfileFile = {};
  try {
    profileData = JSON.parse(readFileSync(path.join(projectDir, project.srcDir, profileFile), 'utf8')) as ProfileFile;
  } catch {
    problems.push(`${project.srcDir}/${profileFile}: no such profile (name one of the hsprofile.<name>.json files)`);
  }

  const accountId = env.HUBSPOT_ACCOUNT_ID ?? '';
  if (!/^[1-9]\d*$/.test(accountId)) problems.push('HUBSPOT_ACCOUNT_ID: expected the id of the HubSpot account to upload to (digits)');
  if (!env.HUBSPOT_PERSONAL_ACCESS_KEY) problems.push('HUBSPOT_PERSONAL_ACCESS_KEY: expected your personal access key for that account');
  const variable = PROFILE_VARIABLES.PUBLIC_BASE_URL;
  const publicBaseUrl = (env.PUBLIC_BASE_URL || String(profileData.variables?.[variable] ?? '')).replace(/\/+$/, '');
  if (!/^https:\/\/[^/]+$/.test(publicBaseUrl)) {
    problems.push(`PUBLIC_BASE_URL: expected the backend's HTTPS origin (https://host, no path), got "${publicBaseUrl}"`);
  } else if (/(^|\.)example\.(com|org|net)$/.test(new URL(publicBaseUrl).hostname)) {
    problems.push(`PUBLIC_BASE_URL: ${publicBaseUrl} is the profile's placeholder; set PUBLIC_BASE_URL to your backend's origin`);
  }
  if (problems.length > 0) return { ok: false, problems };

  const dir = mkdtempSync(path.join(options.tempDir ?? os.tmpdir(), 'hubspot-upload-'));
  cpSync(path.join(projectDir, 'hsproject.json'), path.join(dir, 'hsproject.json'));
  cpSync(path.join(projectDir, project.srcDir), path.join(dir, project.srcDir), {
    recursive: true,
    filter: (source) => path.basename(source) !== 'node_modules',
  });
  const staged: ProfileFile = { ...profileData, accountId: Number(accountId), variables: { ...profileData.variables, [variable]: publicBaseUrl } };
  writeFileSync(path.join(dir, project.srcDir, profileFile), `${JSON.stringify(staged, null, 2)}\n`);
  return { ok: true, dir, accountId: Number(accountId), publicBaseUrl };
}
