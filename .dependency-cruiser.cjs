// The import rules of ARCHITECTURE.md ("Import rules"), checked by `npm run lint`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only ones included: move the shared piece into a file of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'src/domain holds the rules as pure functions: it imports only itself, the program schema and its settings files (pure types, ids and defaults), the error type, the date library and the public-suffix list (tldts).',
      from: { path: '^src/domain/' },
      to: {
        pathNot: [
          '^src/domain/',
          '^src/program/program-schema\\.ts$',
          '^src/program/[a-z-]+-settings\\.ts$',
          '^src/errors\\.ts$',
          '^node_modules/(luxon|@types/luxon|tldts|tldts-core)/',
          '^url$',
        ],
      },
    },
    {
      name: 'domain-imports-no-node-builtins',
      severity: 'error',
      comment: 'src/domain does no I/O: no Node built-in modules but `url` (its pure domainToASCII, for international domain names).',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'], pathNot: ['^url$'] },
    },
    {
      name: 'production-never-imports-the-sandbox',
      severity: 'error',
      comment:
        'Only sandbox mode (src/sandbox-mode), the workspace it serves (src/workspace) and the demo command, which exist to run the HubSpot emulator, import src/sandbox statically; a production process never loads it.',
      from: { path: '^(src|workflows|bin|scripts)/', pathNot: ['^src/sandbox/', '^src/sandbox-mode/', '^src/workspace/', '^src/cli/commands/demo\\.ts$'] },
      to: { path: '^src/sandbox/', dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'sandbox-loaded-lazily-only-by-sandbox-branches',
      severity: 'error',
      comment: 'Besides sandbox mode, only `setup --sandbox` starts an emulator, with import() on that branch.',
      from: { path: '^(src|workflows|bin|scripts)/', pathNot: ['^src/sandbox/', '^src/sandbox-mode/', '^src/cli/commands/demo\\.ts$', '^src/cli/commands/setup\\.ts$'] },
      to: { path: '^src/sandbox/', dependencyTypes: ['dynamic-import'] },
    },
    {
      name: 'sandbox-mode-starts-lazily',
      severity: 'error',
      comment:
        'Starting sandbox mode loads the emulator: outside src/sandbox-mode and the demo command it is imported with import() on the sandbox branch only, so a production process never loads it.',
      from: { path: '^(src|workflows|bin|scripts)/', pathNot: ['^src/sandbox-mode/', '^src/cli/commands/demo\\.ts$', '^scripts/workspace-screenshots\\.ts$'] },
      to: { path: '^src/sandbox-mode/start-sandbox-mode\\.ts$', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'workspace-only-in-sandbox-mode',
      severity: 'error',
      comment:
        'The workspace (src/workspace) exists only in sandbox mode: nothing but sandbox mode and the screenshot script imports it, so production never serves or loads it.',
      from: { path: '^(src|workflows|bin|scripts)/', pathNot: ['^src/workspace/', '^src/sandbox-mode/', '^scripts/workspace-screenshots\\.ts$'] },
      to: { path: '^src/workspace/' },
    },
    {
      name: 'sandbox-is-independent',
      severity: 'error',
      comment:
        'src/sandbox is a second implementation of HubSpot: it must not import product code to decide what HubSpot answers. The only product files it may read are the program schema and the default program, which shape the demo portal\'s partners (what data the portal holds, never how HubSpot answers); never grow this list.',
      from: { path: '^src/sandbox/' },
      to: {
        path: '^(src|workflows)/',
        pathNot: [
          '^src/sandbox/',
          '^src/program/program-schema\\.ts$',
          '^src/program/default-program\\.ts$',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'] },
  },
};
