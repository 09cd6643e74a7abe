// Runs the sandbox HubSpot on its own: `node bin/run-ts.mjs src/sandbox/main.ts [--port 4010]
// [--seed demo|empty] [--today YYYY-MM-DD] [--webhook-target URL] [--rate-limit 110]`.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startSandbox } from './start-sandbox.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string', default: 'demo' },
    today: { type: 'string' },
    'webhook-target': { type: 'string' },
    'rate-limit': { type: 'string', default: '110' },
  },
});

if (values.seed !== 'demo' && values.seed !== 'empty') {
  process.stderr.write(`--seed must be demo or empty, not ${values.seed}\n`);
  process.exit(2);
}

const logger = pino({ name: 'sandbox-hubspot' });
const sandbox = await startSandbox({
  port: Number(values.port),
  seed: values.seed,
  ...(values.today ? { today: values.today } : {}),
  ...(values['webhook-target'] ? { webhookTargetUrl: values['webhook-target'] } : {}),
  // Sandbox mode behaves like a marketplace app's budget, so that what works here works on HubSpot.
  rateLimit: { max: Number(values['rate-limit']), intervalMs: 10_000 },
  historyLimit: 10_000,
  logger,
});

process.stdout.write(
  [
    `Sandbox HubSpot listening at ${sandbox.url}`,
    `  access token: ${sandbox.accessToken} (a sandbox value, not a secret)`,
    `  portal ${sandbox.portalId}, app ${sandbox.appId}, ${sandbox.seed.partners.length} partners, ${sandbox.seed.contactCount} contacts`,
    `  webhooks: ${sandbox.webhooks.subscriptions.length} subscriptions${values['webhook-target'] ? ` → ${values['webhook-target']}` : ' (no target: recorded only)'}`,
    '',
  ].join('\n'),
);

const shutdown = async () => {
  await sandbox.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
