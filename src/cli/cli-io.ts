/** What a command reads and writes, so that tests can run a command without a process. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Handed to src/config.ts; commands never read process.env themselves. */
  env: NodeJS.ProcessEnv;
  /** Epoch milliseconds now; tests freeze it. */
  now: () => number;
}

/** The real process's streams, environment and clock. */
export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => Date.now() };
}

/** A command of the `partner-enablement` tool: `run` resolves to the process exit code. */
export interface Command {
  run(args: string[], io: CliIo): Promise<number>;
}
