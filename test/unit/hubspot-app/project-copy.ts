import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A throwaway copy of the HubSpot project (hsproject.json and its source dir) to break on purpose. */
export interface ProjectCopy {
  dir: string;
  sourceDir: string;
  readJson: (relativePath: string) => Promise<Record<string, unknown>>;
  writeJson: (relativePath: string, value: unknown) => Promise<void>;
  remove: () => Promise<void>;
}

export async function copyProject(): Promise<ProjectCopy> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hubspot-project-'));
  await cp(path.join(PROJECT_DIR, 'hsproject.json'), path.join(dir, 'hsproject.json'));
  await cp(path.join(PROJECT_DIR, 'extensions'), path.join(dir, 'extensions'), {
    recursive: true,
    filter: (source) => path.basename(source) !== 'node_modules',
  });
  const resolve = (relativePath: string) => path.join(dir, relativePath);
  return {
    dir,
    sourceDir: resolve('extensions'),
    readJson: async (relativePath) => JSON.parse(await readFile(resolve(relativePath), 'utf8')) as Record<string, unknown>,
    writeJson: (relativePath, value) => writeFile(resolve(relativePath), `${JSON.stringify(value, null, 2)}\n`),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
