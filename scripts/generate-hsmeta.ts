// Writes the generated HubSpot component files (webhooks, workflow actions) from the property
// schema and the workflow definitions. `--check` writes nothing and fails when a checked-in file
// differs from what would be generated.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedComponentFiles } from './hubspot-app/generated-component-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

let stale = 0;
for (const file of generatedComponentFiles()) {
  const absolute = path.join(root, file.path);
  if (readOrNull(absolute) === file.text) continue;
  if (check) {
    stale += 1;
    console.error(`${file.path} is out of date: run npm run generate:hsmeta`);
  } else {
    writeFileSync(absolute, file.text);
    console.log(`wrote ${file.path}`);
  }
}
if (stale > 0) process.exit(1);
