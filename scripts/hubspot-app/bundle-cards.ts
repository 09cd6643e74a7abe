import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
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

/**
 * Bundles every card with HubSpot's own build (`remoteBuild` of @hubspot/ui-extensions-dev-server,
 * the step HubSpot runs after upload: Vite, minified, with its manifest and code-blocking plugins),
 * each into a temporary directory that is removed afterwards. The cards folder is the build root,
 * as it is at HubSpot; its dependencies resolve from the workspace's node_modules.
 */
export async function bundleCards(sourceDir: string): Promise<CardBundle[]> {
  const cardsDir = path.join(sourceDir, 'app', 'cards');
  const metaFiles = (await readdir(cardsDir)).filter((name) => name.endsWith('-hsmeta.json')).sort();
  const bundles: CardBundle[] = [];
  for (const name of metaFiles) {
    const metaFile = path.join('app', 'cards', name);
    const meta = JSON.parse(await readFile(path.join(cardsDir, name), 'utf8')) as CardMeta;
    const entrypoint = meta.config?.entrypoint;
    if (typeof entrypoint !== 'string') {
      bundles.push({ metaFile, entrypoint: String(entrypoint), bytes: null, error: 'config.entrypoint is missing' });
      continue;
    }
    const outputDir = await mkdtemp(path.join(tmpdir(), 'card-bundle-'));
    try {
      await remoteBuild({ root: cardsDir, entryPoint: path.join(sourceDir, entrypoint), outputDir, logLevel: 'silent' });
      const outputs = (await readdir(outputDir)).filter((file) => file.endsWith('.js'));
      if (outputs.length === 0) throw new Error('the build wrote no JavaScript');
      let bytes = 0;
      for (const file of outputs) bytes += (await readFile(path.join(outputDir, file))).byteLength;
      bundles.push({ metaFile, entrypoint, bytes, error: null });
    } catch (error) {
      bundles.push({ metaFile, entrypoint, bytes: null, error: error instanceof Error ? error.message : String(error) });
    } finally {
      await rm(outputDir, { recursive: true, force: true });
    }
  }
  return bundles;
}
