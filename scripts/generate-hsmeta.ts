// Writes the generated HubSpot component files (webhooks, workflow actions) from the property
// schema and the workflow definitions. `--check` writes nothing and fails when a checked-in file
// differs from what would be generated.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findStaleGeneratedFiles } from './hubspot-app/find-stale-generated-files.js';
import { generatedComponentFiles } from './hubspot-app/generated-component-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stale = new Set(findStaleGeneratedFiles(root));

if (process.argv.includes('--check')) {
  for (const file of stale) console.error(`${file} is out of date: run npm run generate:hsmeta`);
  process.exit(stale.size > 0 ? 1 : 0);
}
for (const file of generatedComponentFiles()) {
  if (!stale.has(file.path)) continue;
  writeFileSync(path.join(root, file.path), file.text);
  console.log(`wrote ${file.path}`);
}
if (stale.size === 0) console.log('generated component files are up to date');
