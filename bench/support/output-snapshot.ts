import { COMPANY_OUTPUTS, contactOutputs } from '../../src/hubspot/property-names.js';
import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';
import type { Program } from '../../src/program/program-schema.js';
import type { Sandbox } from '../../src/sandbox/index.js';

/** Record id → its output values, joined, as the sandbox holds them now. */
export type OutputSnapshot = Map<string, string>;

/** The company outputs of `ids` in the sandbox's store. */
export function snapshotCompanyOutputs(sandbox: Sandbox, ids: Iterable<string>): OutputSnapshot {
  return snapshot(sandbox, 'companies', ids, COMPANY_OUTPUTS);
}

/** The contact outputs of `ids` in the sandbox's store. */
export function snapshotContactOutputs(sandbox: Sandbox, ids: Iterable<string>, program: Program = DEFAULT_PROGRAM): OutputSnapshot {
  return snapshot(sandbox, 'contacts', ids, contactOutputs(program));
}

/** Records whose outputs differ between two snapshots of the same ids. */
export function countChanged(before: OutputSnapshot, after: OutputSnapshot): number {
  let changed = 0;
  for (const [id, values] of after) if (before.get(id) !== values) changed += 1;
  return changed;
}

function snapshot(sandbox: Sandbox, type: 'companies' | 'contacts', ids: Iterable<string>, names: readonly string[]): OutputSnapshot {
  const records = sandbox.store.raw.recordsOf(type);
  const result: OutputSnapshot = new Map();
  for (const id of ids) {
    const properties = records.get(id)?.properties;
    result.set(id, names.map((name) => properties?.get(name) ?? '').join('\u0000'));
  }
  return result;
}
