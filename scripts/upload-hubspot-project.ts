// `npm run upload:hubspot -- <profile>`: uploads the HubSpot project to the account named by
// HUBSPOT_ACCOUNT_ID with the HubSpot CLI in environment mode (HUBSPOT_PERSONAL_ACCESS_KEY), the
// backend origin taken from PUBLIC_BASE_URL (or the profile). See stage-project-upload.ts.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stageProjectUpload } from './hubspot-app/stage-project-upload.js';

/** The HubSpot CLI release these steps were written against. */
const HUBSPOT_CLI = '@hubspot/cli@8.14.0';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const profile = process.argv[2];
if (!profile) {
  console.error('usage: npm run upload:hubspot -- <profile>   (development or production: extensions/hsprofile.<profile>.json)');
  process.exit(2);
}
const staged = stageProjectUpload({ projectDir, profile, env: process.env });
if (!staged.ok) {
  console.error(`Cannot upload the HubSpot project:\n${staged.problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(2);
}
console.log(`Uploading the project (profile ${profile}) to HubSpot account ${staged.accountId}, backend ${staged.publicBaseUrl}`);
// --force-create: the first upload creates the project instead of asking (there may be no terminal).
const upload = spawnSync('npx', ['--yes', HUBSPOT_CLI, 'project', 'upload', '--use-env', '--profile', profile, '--force-create'], {
  cwd: staged.dir,
  stdio: 'inherit',
  env: { ...process.env, USE_ENVIRONMENT_HUBSPOT_CONFIG: 'true' },
});
rmSync(staged.dir, { recursive: true, force: true });
process.exit(upload.status ?? 1);
