import type { CliIo } from '../cli-io.js';
import { runProduct } from './run-product.js';

const USAGE = `Usage: partner-enablement worker

Runs the worker alone until SIGTERM or Ctrl-C: recalculates the partners the web server queued,
100 per HubSpot batch, paced by the rate limiter every process shares through Redis, and runs the
nightly reconciliation sweep. Start as many as you need; on SIGTERM each one finishes its current
batch and hands the rest back.

Without HUBSPOT_ACCESS_TOKEN it joins the sandbox mode \`npm start\` is running.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  return runProduct(args, io, { web: false, worker: true }, USAGE);
}
