import type { CliIo } from '../cli-io.js';
import { runProduct } from './run-product.js';

const USAGE = `Usage: partner-enablement start

Runs the web server and the worker in one process (what \`npm start\` runs) until SIGTERM or Ctrl-C.

With HUBSPOT_ACCESS_TOKEN set it serves your HubSpot portal: webhooks at $PUBLIC_BASE_URL/hubspot/webhooks,
workflow actions, card data, /healthz, /readyz and /metrics, and recalculates partners in the background
(nightly reconciliation at $RECONCILE_CRON, UTC).

Without a token it runs in sandbox mode: a local HubSpot emulation with demo partners, a private
redis-server when REDIS_URL is unset, and the sandbox's webhooks pointed at this server. It prints
where to look and what to try.

The same code runs as separate processes: \`partner-enablement web\` and \`partner-enablement worker\`.

Environment: PORT, PUBLIC_BASE_URL, HUBSPOT_ACCESS_TOKEN, HUBSPOT_CLIENT_SECRET, HUBSPOT_APP_ID,
HUBSPOT_PORTAL_ID, REDIS_URL, PROGRAM_FILE, ADMIN_TOKEN, WORKER_CONCURRENCY, RECONCILE_CRON, LOG_LEVEL.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  return runProduct(args, io, { web: true, worker: true }, USAGE);
}
