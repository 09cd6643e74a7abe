import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** `--name N` from the command line: a positive integer, or undefined when the flag is absent. */
export function integerArgument(name: string, argv: readonly string[] = process.argv): number | undefined {
  const index = argv.indexOf(`--${name}`);
  if (index === -1) return undefined;
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer, got ${argv[index + 1] ?? 'nothing'}`);
  return value;
}

/** `--name` present on the command line. */
export function flagArgument(name: string, argv: readonly string[] = process.argv): boolean {
  return argv.includes(`--${name}`);
}

/** True when `moduleUrl` is the file node was asked to run (a bench run on its own, not imported). */
export function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && moduleUrl === pathToFileURL(path.resolve(entry)).href;
}
