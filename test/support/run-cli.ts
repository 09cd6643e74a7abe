import { spawn } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
/** The project's Node (24), not the machine's. */
const nodeBinary = path.join(repoRoot, 'node_modules/.bin/node');
const bin = path.join(repoRoot, 'bin/partner-enablement.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Written to the command's standard input, which is then closed. */
  stdin?: string;
  /** The whole environment of the process (PATH is added); nothing leaks in from the test runner's. */
  env?: Record<string, string>;
}

/** Runs `partner-enablement ARGS` as a real process, from the repository root. */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBinary, [bin, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
