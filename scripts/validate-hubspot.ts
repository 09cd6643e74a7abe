// HubSpot's own checks, offline: the project parser over the whole project (its one schema
// download answered locally), HubSpot's card build for every card, and HubSpot's UI-extension lint
// rules over the cards. Exits 1 with a summary when any of them finds a problem.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCards } from './hubspot-app/bundle-cards.js';
import { findStaleGeneratedFiles } from './hubspot-app/find-stale-generated-files.js';
import { lintCards } from './hubspot-app/lint-cards.js';
import { validateProject } from './hubspot-app/validate-project.js';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Step {
  name: string;
  ok: boolean;
  detail: string;
  problems: string[];
  ms: number;
}

async function timed(name: string, run: () => Promise<Omit<Step, 'name' | 'ms'>>): Promise<Step> {
  const started = performance.now();
  try {
    return { name, ...(await run()), ms: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { name, ok: false, detail: 'crashed', problems: [message], ms: Math.round(performance.now() - started) };
  }
}

const project = await timed('project parser (@hubspot/project-parsing-lib)', async () => {
  const result = await validateProject(projectDir);
  const stale = findStaleGeneratedFiles(projectDir).map((file) => `${file} is out of date: run npm run generate:hsmeta`);
  const problems = [...result.problems, ...stale];
  const profiles = result.profiles.map((p) => p ?? 'no profile').join(', ');
  return {
    ok: problems.length === 0,
    detail: `${result.components.length} components, profiles: ${profiles}, schema downloads answered locally: ${result.schemaRequests.length}`,
    problems,
  };
});

const sourceDir = path.join(projectDir, 'extensions');

const bundle = await timed('card build (@hubspot/ui-extensions-dev-server)', async () => {
  const bundles = await bundleCards(sourceDir, path.join(projectDir, 'node_modules'));
  const failed = bundles.filter((b) => b.error !== null);
  return {
    ok: bundles.length > 0 && failed.length === 0,
    detail: bundles.map((b) => `${b.entrypoint} ${b.bytes === null ? 'failed' : `${(b.bytes / 1024).toFixed(1)} kB`}`).join(', ') || 'no cards',
    problems: [...(bundles.length === 0 ? ['no card components found'] : []), ...failed.map((b) => `${b.metaFile}: ${b.error}`)],
  };
});

const lint = await timed('UI-extension lint (@hubspot/eslint-config-ui-extensions)', async () => {
  const { files, findings } = await lintCards(projectDir, sourceDir);
  return {
    ok: findings.length === 0,
    detail: `${files} files`,
    problems: findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.message} (${f.rule ?? 'parse'})`),
  };
});

const steps = [project, bundle, lint];
for (const step of steps) {
  console.log(`${step.ok ? 'ok  ' : 'FAIL'} ${step.name}: ${step.detail} (${step.ms} ms)`);
  for (const problem of step.problems) console.log(`       ${problem.replaceAll('\n', '\n       ')}`);
}
const failed = steps.filter((step) => !step.ok);
console.log(failed.length === 0 ? 'HubSpot checks passed' : `HubSpot checks failed: ${failed.map((s) => s.name).join('; ')}`);
process.exit(failed.length === 0 ? 0 : 1);
