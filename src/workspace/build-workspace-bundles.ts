import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { CardComponent, PageComponent } from './read-app-components.js';

/** The browser code of the workspace: the app with the card host, one bundle per card and the app page's. */
export interface WorkspaceBundles {
  app: string;
  cards: Map<string, string>;
  /** The app page's bundle under its uid (HubSpot allows one `pages` component per app). */
  pages: Map<string, string>;
}

const APP_ENTRY = fileURLToPath(new URL('./client/main.tsx', import.meta.url));
const HOST_MODULE = new URL('./client/card-host/ui-extensions-host.js', import.meta.url).href;
const PAGES_HOST_MODULE = new URL('./client/card-host/ui-extensions-pages-host.js', import.meta.url).href;

/** Globals the app bundle sets, so every card shares its React and its host. */
export const SHARED_GLOBALS = {
  react: '__workspaceReact',
  jsxRuntime: '__workspaceJsxRuntime',
  uiExtensions: '__workspaceUiExtensions',
  uiExtensionsPages: '__workspaceUiExtensionsPages',
} as const;

/** The names each host module implements (components, hooks, `hubspot`, the page router). */
export interface HostExportNames {
  /** `@hubspot/ui-extensions`. */
  main: string[];
  /** `@hubspot/ui-extensions/pages`. */
  pages: string[];
}

/** The names the hosts implement, by the package entry they stand in for. */
export async function hostExportNames(): Promise<HostExportNames> {
  const namesOf = async (module: string) => Object.keys((await import(module)) as Record<string, unknown>).sort();
  return { main: await namesOf(HOST_MODULE), pages: await namesOf(PAGES_HOST_MODULE) };
}

function reExport(global: string, names: readonly string[]): string {
  return [`const host = globalThis.${global};`, ...names.map((name) => `export const ${name} = host.${name};`)].join('\n');
}

/**
 * A card or page bundle sees `react`, `@hubspot/ui-extensions` and `@hubspot/ui-extensions/pages`
 * as the app's copies; the host modules are listed name by name, so an extension importing
 * something the host lacks fails to bundle.
 */
function sharedModules(hostNames: HostExportNames): Plugin {
  const contents: Record<string, string> = {
    react: `module.exports = globalThis.${SHARED_GLOBALS.react};`,
    'react/jsx-runtime': `module.exports = globalThis.${SHARED_GLOBALS.jsxRuntime};`,
    '@hubspot/ui-extensions': reExport(SHARED_GLOBALS.uiExtensions, hostNames.main),
    '@hubspot/ui-extensions/pages': reExport(SHARED_GLOBALS.uiExtensionsPages, hostNames.pages),
  };
  return {
    name: 'workspace-shared-modules',
    setup(plugin) {
      plugin.onResolve({ filter: /^(react|react\/jsx-runtime|@hubspot\/ui-extensions(\/pages)?)$/ }, (args) => ({ path: args.path, namespace: 'workspace-shared' }));
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

/** An extension's bundle; its banner names it, so its `hubspot.extend` callback is filed under its uid. */
function bundleExtension(extension: { uid: string; entryFile: string }, hostNames: HostExportNames): Promise<string> {
  return bundle(extension.entryFile, { plugins: [sharedModules(hostNames)], banner: `globalThis.__workspaceLoadingCard = ${JSON.stringify(extension.uid)};` });
}

/**
 * Bundles the app, every card and the app page, from their real source in `extensions/app/cards`
 * and `extensions/app/pages`.
 */
export async function buildWorkspaceBundles(cards: readonly CardComponent[], pages: readonly PageComponent[] = []): Promise<WorkspaceBundles> {
  const hostNames = await hostExportNames();
  const app = await bundle(APP_ENTRY, {});
  const builtCards = new Map<string, string>();
  for (const card of cards) builtCards.set(card.uid, await bundleExtension(card, hostNames));
  const builtPages = new Map<string, string>();
  for (const page of pages) builtPages.set(page.uid, await bundleExtension(page, hostNames));
  return { app, cards: builtCards, pages: builtPages };
}
