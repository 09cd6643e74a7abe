import crypto from 'node:crypto';
import type { Program } from './program-schema.js';

const versions = new WeakMap<Program, string>();

/**
 * The rule version of a program: the first 12 hex digits of the SHA-256 of its JSON. Recorded
 * with every audit entry an evaluation decided, so an entry says which rules produced it; the
 * same program file gives the same version on every process and every start.
 */
export function programVersion(program: Program): string {
  let version = versions.get(program);
  if (!version) {
    version = crypto.createHash('sha256').update(JSON.stringify(program)).digest('hex').slice(0, 12);
    versions.set(program, version);
  }
  return version;
}
