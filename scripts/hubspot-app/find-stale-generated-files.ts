import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generatedComponentFiles } from './generated-component-files.js';

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Generated component files whose checked-in text differs from what the code generates now. */
export function findStaleGeneratedFiles(projectDir: string): string[] {
  return generatedComponentFiles()
    .filter((file) => readOrNull(path.join(projectDir, file.path)) !== file.text)
    .map((file) => file.path);
}
