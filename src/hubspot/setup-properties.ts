import type { Logger } from 'pino';
import { isAppError } from '../errors.js';
import type { Program } from '../program/program-schema.js';
import type { HubSpotClient } from './hubspot-client.js';
import { buildPropertySchema, type PropertyOptionSpec, type PropertySpec, type SchemaObjectType } from './property-schema.js';

export interface SetupPropertiesOptions {
  /** The portal whose rate-limit budget the calls draw on. */
  portalId: string;
  /** Read and plan only: no create or update is sent. */
  dryRun?: boolean;
  logger?: Logger;
}

export type SetupAction = 'create' | 'update' | 'unchanged' | 'conflict';

export interface SetupEntry {
  objectType: SchemaObjectType;
  /** `group partner_enablement` for the group, else the property name. */
  name: string;
  kind: 'group' | 'property';
  action: SetupAction;
  /** What differs (update) or why it cannot be fixed here (conflict). */
  changes: string[];
}

export interface SetupFailure {
  objectType: SchemaObjectType;
  name: string;
  reason: string;
}

export interface SetupReport {
  dryRun: boolean;
  entries: SetupEntry[];
  /** Changes HubSpot refused (the others were made). */
  failures: SetupFailure[];
  counts: { created: number; updated: number; unchanged: number; conflicts: number; failed: number };
}

interface ExistingOption {
  label: string;
  value: string;
  displayOrder?: number;
  hidden?: boolean;
  description?: string;
}

interface ExistingProperty {
  name: string;
  label: string;
  description: string;
  groupName: string;
  type: string;
  fieldType: string;
  options: ExistingOption[];
}

const OBJECT_TYPES: SchemaObjectType[] = ['companies', 'contacts', 'deals'];

/**
 * The options to send when the app's options differ: the app's, in its order, then every option
 * HubSpot has that the app no longer names, untouched. HubSpot replaces the whole list on update,
 * so leaving those out would delete them — and records may still hold their values.
 */
function mergedOptions(desired: PropertyOptionSpec[], existing: ExistingOption[]): PropertyOptionSpec[] {
  const wanted = new Set(desired.map((option) => option.value));
  const kept = existing
    .filter((option) => !wanted.has(option.value))
    .map((option, index) => ({ label: option.label, value: option.value, hidden: option.hidden ?? false, displayOrder: desired.length + index }));
  return [...desired, ...kept];
}

function optionChanges(desired: PropertyOptionSpec[], existing: ExistingOption[]): string[] {
  const existingByValue = new Map(existing.map((option) => [option.value, option]));
  const added = desired.filter((option) => !existingByValue.has(option.value)).map((option) => option.value);
  const relabelled = desired
    .filter((option) => existingByValue.has(option.value) && existingByValue.get(option.value)!.label !== option.label)
    .map((option) => `${option.value} → "${option.label}"`);
  const present = existing.map((option) => option.value).filter((value) => desired.some((option) => option.value === value));
  const reordered = added.length === 0 && present.join(';') !== desired.map((option) => option.value).join(';');
  return [
    ...(added.length > 0 ? [`options + ${added.join(', ')}`] : []),
    ...(relabelled.length > 0 ? [`option labels ${relabelled.join(', ')}`] : []),
    ...(reordered ? ['option order'] : []),
  ];
}

/** What must change on an existing property, as field names and the body of the update. */
function propertyDiff(spec: PropertySpec, existing: ExistingProperty): { changes: string[]; update: Record<string, unknown> } {
  const changes: string[] = [];
  const update: Record<string, unknown> = {};
  for (const field of ['label', 'description', 'groupName', 'fieldType'] as const) {
    if ((existing[field] ?? '') !== spec[field]) {
      changes.push(field);
      update[field] = spec[field];
    }
  }
  if (spec.options.length > 0) {
    const options = optionChanges(spec.options, existing.options ?? []);
    if (options.length > 0) {
      changes.push(...options);
      update.options = mergedOptions(spec.options, existing.options ?? []);
    }
  }
  return { changes, update };
}

function plan(objectType: SchemaObjectType, specs: PropertySpec[], existing: Map<string, ExistingProperty>): Array<SetupEntry & { spec: PropertySpec; update?: Record<string, unknown> }> {
  return specs.map((spec) => {
    const current = existing.get(spec.name);
    const base = { objectType, name: spec.name, kind: 'property' as const, spec };
    if (!current) return { ...base, action: 'create' as const, changes: [] };
    if (current.type !== spec.type) {
      // Changing a property's type can destroy the values records hold: an admin decides.
      return { ...base, action: 'conflict' as const, changes: [`HubSpot has type ${current.type}, the app needs ${spec.type}; change it in HubSpot's property settings`] };
    }
    const { changes, update } = propertyDiff(spec, current);
    return changes.length === 0 ? { ...base, action: 'unchanged' as const, changes } : { ...base, action: 'update' as const, changes, update };
  });
}

/**
 * Creates the property group and the missing properties, and updates labels, descriptions and
 * options that differ from the program's schema. Never deletes anything (a property or an option);
 * never changes a property's type. Safe to run again and again: a run with nothing to do sends
 * only the three reads (one `GET /crm/v3/properties/{objectType}` per object type).
 */
export async function setupProperties(client: HubSpotClient, program: Program, options: SetupPropertiesOptions): Promise<SetupReport> {
  const { portalId, logger } = options;
  const dryRun = options.dryRun ?? false;
  const schema = buildPropertySchema(program);
  const report: SetupReport = { dryRun, entries: [], failures: [], counts: { created: 0, updated: 0, unchanged: 0, conflicts: 0, failed: 0 } };

  for (const objectType of OBJECT_TYPES) {
    const all = await client.call({ portalId, operation: `properties.${objectType}.read` }, (sdk) => sdk.crm.properties.coreApi.getAll(objectType));
    const existing = new Map(all.results.map((property) => [property.name, property as unknown as ExistingProperty]));

    // A property already in the group proves the group exists, which saves a call on every re-run.
    const groupKnown = [...existing.values()].some((property) => property.groupName === schema.group.name);
    const groupExists = groupKnown || (await groupIsThere(client, portalId, objectType, schema.group.name, dryRun));
    if (!groupExists && !dryRun) await createGroup(client, portalId, objectType, schema.group);
    report.entries.push({ objectType, name: `group ${schema.group.name}`, kind: 'group', action: groupExists ? 'unchanged' : 'create', changes: [] });

    const entries = plan(objectType, schema[objectType], existing);
    report.entries.push(...entries.map(({ objectType: type, name, kind, action, changes }) => ({ objectType: type, name, kind, action, changes })));
    if (dryRun) continue;

    const creates = entries.filter((entry) => entry.action === 'create').map((entry) => entry.spec);
    for (let index = 0; index < creates.length; index += 100) {
      report.failures.push(...(await createProperties(client, portalId, objectType, creates.slice(index, index + 100))));
    }
    for (const entry of entries.filter((candidate) => candidate.action === 'update')) {
      try {
        await client.call({ portalId, operation: `properties.${objectType}.update` }, (sdk) =>
          sdk.crm.properties.coreApi.update(objectType, entry.name, entry.update as Parameters<typeof sdk.crm.properties.coreApi.update>[2]),
        );
      } catch (error) {
        if (!isAppError(error, 'HUBSPOT_REJECTED')) throw error;
        report.failures.push({ objectType, name: entry.name, reason: error.message });
      }
    }
  }

  const failed = new Set(report.failures.map((failure) => `${failure.objectType}:${failure.name}`));
  for (const entry of report.entries) {
    if (failed.has(`${entry.objectType}:${entry.name}`)) continue;
    if (entry.action === 'create') report.counts.created += 1;
    else if (entry.action === 'update') report.counts.updated += 1;
    else if (entry.action === 'unchanged') report.counts.unchanged += 1;
    else report.counts.conflicts += 1;
  }
  report.counts.failed = report.failures.length;
  logger?.info({ portalId, dryRun, ...report.counts }, 'HubSpot properties set up');
  return report;
}

async function groupIsThere(client: HubSpotClient, portalId: string, objectType: SchemaObjectType, name: string, dryRun: boolean): Promise<boolean> {
  // Creating answers 409 when the group exists, so a real run learns it from the create itself.
  if (!dryRun) return false;
  try {
    await client.call({ portalId, operation: `properties.${objectType}.groups.read` }, (sdk) => sdk.crm.properties.groupsApi.getByName(objectType, name));
    return true;
  } catch (error) {
    if (isAppError(error, 'NOT_FOUND')) return false;
    throw error;
  }
}

async function createGroup(client: HubSpotClient, portalId: string, objectType: SchemaObjectType, group: { name: string; label: string; displayOrder: number }): Promise<void> {
  try {
    await client.call({ portalId, operation: `properties.${objectType}.groups.create` }, (sdk) => sdk.crm.properties.groupsApi.create(objectType, group));
  } catch (error) {
    const status = isAppError(error) ? (error.details as { status?: number } | undefined)?.status : undefined;
    if (status !== 409) throw error;
  }
}

async function createProperties(client: HubSpotClient, portalId: string, objectType: SchemaObjectType, specs: PropertySpec[]): Promise<SetupFailure[]> {
  const answer = (await client.call({ portalId, operation: `properties.${objectType}.batch.create` }, (sdk) =>
    sdk.crm.properties.batchApi.create(objectType, { inputs: specs } as Parameters<typeof sdk.crm.properties.batchApi.create>[1]),
  )) as { errors?: Array<{ message: string; context?: Record<string, string[]> }> };
  return (answer.errors ?? []).flatMap((error) =>
    (error.context?.name ?? error.context?.names ?? ['?']).map((name) => ({ objectType, name, reason: error.message })),
  );
}

/** The report as the `setup` command prints it: one line per change, then the totals. */
export function formatSetupReport(report: SetupReport): string {
  const lines: string[] = [];
  const verb = (action: SetupAction) =>
    report.dryRun ? { create: 'would create', update: 'would update', unchanged: 'unchanged', conflict: 'CONFLICT' }[action] : { create: 'created', update: 'updated', unchanged: 'unchanged', conflict: 'CONFLICT' }[action];
  const failed = new Map(report.failures.map((failure) => [`${failure.objectType}:${failure.name}`, failure.reason]));
  for (const entry of report.entries) {
    const failure = failed.get(`${entry.objectType}:${entry.name}`);
    if (entry.action === 'unchanged' && !failure) continue;
    const what = failure ? `FAILED (${failure})` : [verb(entry.action), ...(entry.changes.length > 0 ? [`(${entry.changes.join('; ')})`] : [])].join(' ');
    lines.push(`  ${entry.objectType.padEnd(9)} ${entry.name.padEnd(44)} ${what}`);
  }
  const { created, updated, unchanged, conflicts, failed: failedCount } = report.counts;
  const properties = report.entries.filter((entry) => entry.kind === 'property').length;
  if (created + updated + conflicts + failedCount === 0) {
    lines.push(`Nothing to change: the property group and all ${properties} properties are up to date.`);
  } else if (report.dryRun) {
    lines.push(`Dry run, nothing was changed: would create ${created}, update ${updated}; ${unchanged} unchanged${conflicts ? `, ${conflicts} conflicts` : ''}.`);
  } else {
    lines.push(`created ${created}, updated ${updated}, unchanged ${unchanged}${conflicts ? `, conflicts ${conflicts}` : ''}${failedCount ? `, failed ${failedCount}` : ''}`);
  }
  return lines.join('\n');
}
