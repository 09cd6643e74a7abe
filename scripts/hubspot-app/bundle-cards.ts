import { access, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { remoteBuild } from '@hubspot/ui-extensions-dev-server/build';

export interface CardBundle {
  /** The card component file, relative to the project source dir. */
  metaFile: string;
  entrypoint: string;
  /** Bytes of the bundled JavaScript; null when the build failed. */
  bytes: number | null;
  error: string | null;
}

interface CardMeta {
  config?: { entrypoint?: unknown };
}

const NOT_COPIED = new Set(['node_modules', 'dist']);

/** The UI-extension folders under `app/`, each built alone: the cards and the app pages. */
export const EXTENSION_FOLDERS = ['cards', 'pages'] as const;

/**
 * Stages one extension folder alone, as HubSpot builds it: anything a card or page imports from
 * outside its folder is missing there, so the build fails the way it would after upload. The
 * workspace's node_modules stand in for the `npm ci` HubSpot runs in the folder.
 */
async function stageFolder(folder: string, cardsDir: string, nodeModulesDir: string): Promise<string> {
  const stage = await mkdtemp(path.join(tmpdir(), 'card-build-'));
  const stagedCards = path.join(stage, 'app', folder);
  await mkdir(path.dirname(stagedCards), { recursive: true });
  await cp(cardsDir, stagedCards, { recursive: true, filter: (source) => !NOT_COPIED.has(path.basename(source)) });
  await symlink(nodeModulesDir, path.join(stage, 'node_modules'), 'dir');
  return stage;
}

async function buildOne(stage: string, folder: string, entrypoint: string, outputDir: string): Promise<number> {
  await remoteBuild({ root: path.join(stage, 'app', folder), entryPoint: path.join(stage, entrypoint), outputDir, logLevel: 'silent' });
  const outputs = (await readdir(outputDir)).filter((file) => file.endsWith('.js'));
  if (outputs.length === 0) throw new Error('the build wrote no JavaScript');
  let bytes = 0;
  for (const file of outputs) bytes += (await readFile(path.join(outputDir, file))).byteLength;
  return bytes;
}

async function exists(dir: string): Promise<boolean> {
  return access(dir).then(
    () => true,
    () => false,
  );
}

async function bundleFolder(sourceDir: string, folder: string, nodeModulesDir: string): Promise<CardBundle[]> {
  const cardsDir = path.join(sourceDir, 'app', folder);
  if (!(await exists(cardsDir))) return [];
  const metaFiles = (await readdir(cardsDir)).filter((name) => name.endsWith('-hsmeta.json')).sort();
  const stage = await stageFolder(folder, cardsDir, nodeModulesDir);
  const bundles: CardBundle[] = [];
  try {
    for (const [index, name] of metaFiles.entries()) {
      const metaFile = path.join('app', folder, name);
      const meta = JSON.parse(await readFile(path.join(cardsDir, name), 'utf8')) as CardMeta;
      const entrypoint = meta.config?.entrypoint;
      if (typeof entrypoint !== 'string') {
        bundles.push({ metaFile, entrypoint: String(entrypoint), bytes: null, error: 'config.entrypoint is missing' });
        continue;
      }
      try {
        const bytes = await buildOne(stage, folder, entrypoint, path.join(stage, 'dist', String(index)));
        bundles.push({ metaFile, entrypoint, bytes, error: null });
      } catch (error) {
        bundles.push({ metaFile, entrypoint, bytes: null, error: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
  return bundles;
}

/**
 * Bundles every card and app page with HubSpot's own build (`remoteBuild` of
 * @hubspot/ui-extensions-dev-server, the step HubSpot runs after upload: Vite, minified, with its
 * manifest and code-blocking plugins) in a temporary directory that is removed afterwards; nothing
 * is written into the project.
 */
export async function bundleCards(sourceDir: string, nodeModulesDir: string): Promise<CardBundle[]> {
  const bundles: CardBundle[] = [];
  for (const folder of EXTENSION_FOLDERS) bundles.push(...(await bundleFolder(sourceDir, folder, nodeModulesDir)));
  return bundles;
}
