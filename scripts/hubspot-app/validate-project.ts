import { existsSync } from 'node:fs';
import path from 'node:path';
import { getAllHsProfiles, loadHsProfileFile, validateProfileVariables } from '@hubspot/project-parsing-lib/profiles';
import { parseProjectConfig } from '@hubspot/project-parsing-lib/projects';
import { isTranslationError, translate, type IntermediateRepresentationNode } from '@hubspot/project-parsing-lib/translate';
import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';
import type { Program } from '../../src/program/program-schema.js';
import { answerSchemaDownloadLocally, type SchemaDownloadLog } from './answer-schema-download.js';
import { checkWebhookSubscriptions } from './check-webhook-subscriptions.js';
import { COMPONENT_SCHEMAS } from './component-schemas.js';

/**
 * The account id handed to the parser. It only travels to the schema download, which is answered
 * locally, so any positive number does; the real target account is the profile's `accountId`.
 */
const OFFLINE_ACCOUNT_ID = 1;

export interface ProjectValidation {
  /** Readable problems; empty when the project is valid. */
  problems: string[];
  /** Profiles the project was translated with (`hsprofile.<name>.json`); `[null]` when there are none. */
  profiles: Array<string | null>;
  /** Components the parser produced (the last profile's translation). */
  components: IntermediateRepresentationNode[];
  /** Requests the parser made to HubSpot, all answered locally. */
  schemaRequests: string[];
}

export interface ValidateProjectOptions {
  program?: Program;
  /** Component schemas by platform version (default: the ones written for this project). */
  schemas?: Record<string, Record<string, unknown>>;
}

function describe(error: unknown): string[] {
  if (isTranslationError(error)) {
    return error
      .toString(false)
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  }
  return [error instanceof Error ? error.message : String(error)];
}

/** What HubSpot's parser does not check but this app depends on. */
function checkComponents(nodes: IntermediateRepresentationNode[], sourceDir: string, program: Program): string[] {
  const problems: string[] = [];
  for (const node of nodes) {
    if (node.componentType === 'WEBHOOKS') {
      problems.push(...checkWebhookSubscriptions(node.config, program).map((p) => `${node.metaFilePath}: ${p}`));
    }
    if (node.componentType === 'CARD') {
      const entrypoint = (node.config as { entrypoint?: unknown } | null)?.entrypoint;
      if (typeof entrypoint === 'string' && !existsSync(path.join(sourceDir, entrypoint))) {
        problems.push(`${node.metaFilePath}: the card's entrypoint ${entrypoint} does not exist`);
      }
    }
  }
  return problems;
}

async function translateWith(
  sourceDir: string,
  platformVersion: string,
  profile: string | null,
  program: Program,
): Promise<{ problems: string[]; components: IntermediateRepresentationNode[] }> {
  const prefix = profile ? `[profile ${profile}] ` : '';
  try {
    const { intermediateRepresentation, skippedHsMetaFiles } = await translate(
      { projectSourceDir: sourceDir, platformVersion, accountId: OFFLINE_ACCOUNT_ID },
      { skipValidation: false, ...(profile ? { profile } : {}) },
    );
    const components = Object.values(intermediateRepresentation.intermediateNodesIndexedByUid);
    const problems = [
      // HubSpot ignores these without a word at upload; here they are an error.
      ...skippedHsMetaFiles.map((file) => `${file} is not in a folder HubSpot reads components from, so it would be ignored`),
      ...checkComponents(components, sourceDir, program),
    ];
    return { problems: problems.map((p) => prefix + p), components };
  } catch (error) {
    return { problems: describe(error).map((p) => prefix + p), components: [] };
  }
}

/**
 * Validates the HubSpot project at `projectDir` offline with HubSpot's own parser: `hsproject.json`,
 * every `*-hsmeta.json` (placement, uids, duplicates, platform version, component schemas), each
 * upload profile and its variables; then this app's own rules (webhook subscriptions match the
 * property schema, card entrypoints exist). The parser's schema download is answered locally.
 */
export async function validateProject(projectDir: string, options: ValidateProjectOptions = {}): Promise<ProjectValidation> {
  const program = options.program ?? DEFAULT_PROGRAM;
  let config: { srcDir: string; platformVersion: string };
  try {
    config = parseProjectConfig(projectDir) as { srcDir: string; platformVersion: string };
  } catch (error) {
    return { problems: describe(error).map((p) => `hsproject.json: ${p}`), profiles: [], components: [], schemaRequests: [] };
  }
  const sourceDir = path.resolve(projectDir, config.srcDir);
  const names = await getAllHsProfiles(sourceDir);
  const profiles: Array<string | null> = names.length > 0 ? names.sort() : [null];

  const problems: string[] = [];
  for (const name of names) {
    try {
      const profile = loadHsProfileFile(sourceDir, name);
      const variables = validateProfileVariables(profile.variables ?? {}, `hsprofile.${name}.json`);
      problems.push(...variables.errors.map((e) => `hsprofile.${name}.json: ${e}`));
    } catch (error) {
      problems.push(...describe(error));
    }
  }

  const log: SchemaDownloadLog = { requests: [] };
  const restore = answerSchemaDownloadLocally(options.schemas ?? COMPONENT_SCHEMAS, log);
  let components: IntermediateRepresentationNode[] = [];
  try {
    for (const profile of profiles) {
      const result = await translateWith(sourceDir, config.platformVersion, profile, program);
      problems.push(...result.problems);
      components = result.components;
    }
  } finally {
    restore();
  }
  return { problems, profiles, components, schemaRequests: log.requests };
}
