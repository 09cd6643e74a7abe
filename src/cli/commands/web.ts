import type { CliIo } from '../cli-io.js';
import { runProduct } from './run-product.js';

const USAGE = `Usage: partner-enablement web

Runs the web server alone (webhooks, workflow actions, card data, health, metrics, operator pages)
until SIGTERM or Ctrl-C. It only queues work in Redis: run \`partner-enablement worker\` beside it,
as many as you like, sharing the same REDIS_URL.

Without HUBSPOT_ACCESS_TOKEN it joins the sandbox mode \`npm start\` is running (its sandbox HubSpot
and Redis).
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  return runProduct(args, io, { web: true, worker: false }, USAGE);
}
