/**
 * What a malformed webhook body costs the web process: a signed 400 KB body of 200,001 numbers
 * (a JSON array, but not of events) sent five times to the real app. Prints each answer (status,
 * size, time) and the process's memory before and after. The 400 describes at most twenty events,
 * so the answer stays about 1 KB and the memory flat whatever the body holds.
 *
 * Run: node bin/run-ts.mjs bench/malformed-webhook-bench.ts
 */
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/http/create-app.js';
import { startWeb } from '../src/http/start-web.js';
import { signV3 } from '../src/hubspot/webhook-signature.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import type { RecalculationBatchEnqueuer } from '../src/jobs/recalculation-queue.js';

const secret = 'measure-secret';
const config = loadConfig({ PUBLIC_BASE_URL: 'https://pe.test', HUBSPOT_ACCESS_TOKEN: 'x', HUBSPOT_CLIENT_SECRET: secret });
const logger = createLogger({ level: 'silent' });
// A malformed body is refused before anything is queued: no Redis is needed.
const recalculation = { enqueueAll: async () => {} } as unknown as RecalculationBatchEnqueuer;
const app = createApp({ config, logger, metrics: createMetrics({ processMetrics: false }), recalculation, program: DEFAULT_PROGRAM, readiness: {} });
const web = await startWeb({ app, port: 0, host: '127.0.0.1', logger });
const body = JSON.stringify(Array.from({ length: 200_001 }, (_, i) => i % 10));
const mib = (n: number) => Number((n / 1048576).toFixed(1));
async function send() {
  const timestamp = Date.now();
  const signature = signV3({ secret, method: 'POST', url: 'https://pe.test/hubspot/webhooks', body, timestamp });
  const t0 = performance.now();
  const response = await fetch(`${web.url}/hubspot/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp) }, body });
  const text = await response.text();
  return { status: response.status, answerBytes: text.length, ms: Math.round(performance.now() - t0) };
}
const before = process.memoryUsage();
const runs: Array<Awaited<ReturnType<typeof send>>> = [];
for (let i = 0; i < 5; i++) runs.push(await send());
const after = process.memoryUsage();
console.log(JSON.stringify({ bodyKB: Math.round(body.length / 1024), runs: runs.map((r) => `${r.status}/${r.answerBytes}B/${r.ms}ms`), rssBeforeMiB: mib(before.rss), rssAfter5MiB: mib(after.rss), rssGrowthMiB: mib(after.rss - before.rss), heapGrowthMiB: mib(after.heapUsed - before.heapUsed) }));
await web.close();
