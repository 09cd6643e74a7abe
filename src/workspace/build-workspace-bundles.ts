import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { CardComponent } from './read-app-components.js';

/** The browser code of the workspace: the app with the card host, and one bundle per card. */
export interface WorkspaceBundles {
  app: string;
  cards: Map<string, string>;
}

const APP_ENTRY = fileURLToPath(new URL('./client/main.tsx', import.meta.url));
const HOST_MODULE = new URL('./client/card-host/ui-extensions-host.js', import.meta.url).href;

/** Globals the app bundle sets, so every card shares its React and its host. */
export const SHARED_GLOBALS = {
  react: '__workspaceReact',
  jsxRuntime: '__workspaceJsxRuntime',
  uiExtensions: '__workspaceUiExtensions',
} as const;

/** The names the host implements (components, hooks and `hubspot`). */
export async function hostExportNames(): Promise<string[]> {
  return Object.keys((await import(HOST_MODULE)) as Record<string, unknown>).sort();
}

/**
 * A card bundle sees `react` and `@hubspot/ui-extensions` as the app's copies; the host module is
 * listed name by name, so a card importing something the host lacks fails to bundle.
 */
function sharedModules(hostNames: readonly string[]): Plugin {
  const contents: Record<string, string> = {
    react: `module.exports = globalThis.${SHARED_GLOBALS.react};`,
    'react/jsx-runtime': `module.exports = globalThis.${SHARED_GLOBALS.jsxRuntime};`,
    '@hubspot/ui-extensions': [`const host = globalThis.${SHARED_GLOBALS.uiExtensions};`, ...hostNames.map((name) => `export const ${name} = host.${name};`)].join('\n'),
  };
  return {
    name: 'workspace-shared-modules',
    setup(plugin) {
      plugin.onResolve({ filter: /^(react|react\/jsx-runtime|@hubspot\/ui-extensions)$/ }, (args) => ({ path: args.path, namespace: 'workspace-shared' }));
      plugin.onLoad({ filter: /.*/, namespace: 'workspace-shared' }, (args) => ({
        contents: contents[args.path],
        loader: 'js',
      }));
    },
  };
}

async function bundle(entry: string, extra: { plugins?: Plugin[]; banner?: string }): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: extra.plugins ?? [],
    ...(extra.banner ? { banner: { js: extra.banner } } : {}),
  });
  return result.outputFiles[0]!.text;
}

/** Bundles the app and every card (cards from their real source in `extensions/app/cards`). */
export async function buildWorkspaceBundles(cards: readonly CardComponent[]): Promise<WorkspaceBundles> {
  const hostNames = await hostExportNames();
  const app = await bundle(APP_ENTRY, {});
  const built = new Map<string, string>();
  for (const card of cards) {
    built.set(card.uid, await bundle(card.entryFile, { plugins: [sharedModules(hostNames)], banner: `globalThis.__workspaceLoadingCard = ${JSON.stringify(card.uid)};` }));
  }
  return { app, cards: built };
}
