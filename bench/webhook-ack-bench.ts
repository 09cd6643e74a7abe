/**
 * Webhook acknowledgement: how fast `POST /hubspot/webhooks` answers HubSpot. `senders` concurrent
 * senders (HubSpot's default is 10 requests at once per account) each keep one signed 100-event
 * request in flight; latency is measured by the senders, in a thread of their own, from writing the
 * request to the end of the answer.
 *
 * Measured: the product's web server as `npm start` builds it (`buildServices` → `createWebApp`:
 * request log at `info`, metrics, signature check, zod parsing, planning, queueing into Redis —
 * coalescing sets and BullMQ wake-ups), with the worker not running in the process. Baseline, in
 * the same run: a bare Express route that only reads the raw body and checks the signature; and,
 * for reference, the same plus `JSON.parse` (the least a route honouring docs/interfaces.md,
 * "Signatures and bad requests" does). All run in this process, in alternating rounds, so drift on
 * a shared machine hits all alike.
 *
 * Run: node bin/run-ts.mjs bench/webhook-ack-bench.ts [--senders 10] [--requests 2000] [--rounds 3]
 */
import crypto from 'node:crypto';
import { releaseHubSpotClient } from '../src/hubspot/hubspot-client.js';
import { startSandbox } from '../src/sandbox/index.js';
import { integerArgument, isEntryPoint } from './support/bench-arguments.js';
import { count, formatTable, ratio, verdict } from './support/format-table.js';
import { benchRedis } from './support/private-redis.js';
import { percentile, sendConcurrently, type PreparedRequest } from './support/send-concurrently.js';
import { signedWebhookBatches } from './support/signed-webhook-batches.js';
import { startBareSignatureRoute } from './support/start-bare-signature-route.js';
import { startBenchProduct } from './support/start-bench-product.js';

/** Options of {@link runWebhookAckBench}. */
export interface WebhookAckBenchOptions {
  /** Concurrent senders. Default 10. */
  senders?: number;
  /** Requests per target per round. Default 2,000. */
  requests?: number;
  /** Rounds (each sends to both targets, in alternating order). Default 3. */
  rounds?: number;
  /** Events per request. Default 100. */
  eventsPerRequest?: number;
  /** A Redis to use (keys get a unique prefix); default a private redis-server. */
  redisUrl?: string;
  print?: boolean;
}

export interface LatencySummary {
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Requests per second over the rounds. */
  throughput: number;
  /** Answers that were not 200. */
  errors: number;
}

export interface WebhookAckBenchResult {
  senders: number;
  eventsPerRequest: number;
  product: LatencySummary;
  /** The baseline: signature check only. */
  bare: LatencySummary;
  /** For reference: signature check and `JSON.parse` (the least docs/interfaces.md, "Signatures and bad requests" needs). */
  bareWithParse: LatencySummary;
  /** product.p50 / bare.p50 */
  p50Ratio: number;
  /** product.p99 / bare.p99 */
  p99Ratio: number;
  /** product.p99 as a fraction of HubSpot's 5 s answer deadline. */
  p99ShareOfDeadline: number;
}

export const WEBHOOK_ACK_GOAL = 1.5;
export const HUBSPOT_ANSWER_DEADLINE_MS = 5_000;

export async function runWebhookAckBench(options: WebhookAckBenchOptions = {}): Promise<WebhookAckBenchResult> {
  const senders = options.senders ?? 10;
  const requests = options.requests ?? 2_000;
  const rounds = options.rounds ?? 3;
  const eventsPerRequest = options.eventsPerRequest ?? 100;
  const redis = await benchRedis('webhook-ack', options.redisUrl);
  // The product is configured against a sandbox, but with no worker it never calls it.
  const sandbox = await startSandbox({ seed: 'empty', portalId: 10_000_000 + crypto.randomInt(80_000_000) });
  let bench: Awaited<ReturnType<typeof startBenchProduct>> | undefined;
  let bare: Awaited<ReturnType<typeof startBareSignatureRoute>> | undefined;
  let bareWithParse: Awaited<ReturnType<typeof startBareSignatureRoute>> | undefined;
  try {
    bench = await startBenchProduct({ sandbox, redisUrl: redis.url, prefix: redis.prefix, worker: false });
    bare = await startBareSignatureRoute({ secret: sandbox.clientSecret, publicBaseUrl: bench.webUrl });
    bareWithParse = await startBareSignatureRoute({ secret: sandbox.clientSecret, publicBaseUrl: bench.webUrl, parseJson: true });
    const targets = { product: `${bench.webUrl}/hubspot/webhooks`, bare: bare.url, bareWithParse: bareWithParse.url };
    type Target = keyof typeof targets;
    const sign = (batches: number): PreparedRequest[] =>
      signedWebhookBatches({
        batches,
        eventsPerBatch: eventsPerRequest,
        portalId: sandbox.portalId,
        appId: sandbox.appId,
        secret: sandbox.clientSecret,
        signedUrl: targets.product,
      });

    // Warm up both (JIT, connections, Redis scripts loaded), unmeasured.
    const warmUp = sign(50);
    for (const target of Object.keys(targets) as Target[]) await sendConcurrently(targets[target], warmUp, 300, senders);

    const samples: Record<Target, Float64Array[]> = { product: [], bare: [], bareWithParse: [] };
    const errors: Record<Target, number> = { product: 0, bare: 0, bareWithParse: 0 };
    const seconds: Record<Target, number> = { product: 0, bare: 0, bareWithParse: 0 };
    for (let round = 0; round < rounds; round++) {
      // Signed per round: HubSpot's timestamps are good for 5 minutes.
      const batches = sign(Math.min(requests, 500));
      const order: Target[] = round % 2 === 0 ? ['bare', 'product', 'bareWithParse'] : ['bareWithParse', 'product', 'bare'];
      for (const target of order) {
        const sent = await sendConcurrently(targets[target], batches, requests, senders);
        samples[target].push(sent.latenciesMs);
        errors[target] += sent.statuses.filter((status) => status !== 200).length;
        seconds[target] += sent.seconds;
      }
    }
    const product = summarize(samples.product, errors.product, seconds.product);
    const bareSummary = summarize(samples.bare, errors.bare, seconds.bare);
    const result: WebhookAckBenchResult = {
      senders,
      eventsPerRequest,
      product,
      bare: bareSummary,
      bareWithParse: summarize(samples.bareWithParse, errors.bareWithParse, seconds.bareWithParse),
      p50Ratio: product.p50 / bareSummary.p50,
      p99Ratio: product.p99 / bareSummary.p99,
      p99ShareOfDeadline: product.p99 / HUBSPOT_ANSWER_DEADLINE_MS,
    };
    if (options.print) printWebhookAck(result);
    return result;
  } finally {
    await bare?.close();
    await bareWithParse?.close();
    await bench?.close();
    releaseHubSpotClient();
    await sandbox.stop();
    await redis.stop();
  }
}

function summarize(parts: Float64Array[], errors: number, seconds: number): LatencySummary {
  const all = new Float64Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  all.sort();
  return {
    requests: all.length,
    p50: percentile(all, 0.5),
    p90: percentile(all, 0.9),
    p99: percentile(all, 0.99),
    max: all[all.length - 1] ?? Number.NaN,
    throughput: all.length / seconds,
    errors,
  };
}

function printWebhookAck(r: WebhookAckBenchResult): void {
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  console.log(`\nWebhook acknowledgement — ${r.senders} concurrent senders, ${r.eventsPerRequest} events per request, ${count(r.product.requests)} requests per target`);
  console.log(
    formatTable([
      ['route', 'p50', 'p90', 'p99', 'max', 'requests/s', 'errors'],
      ['product POST /hubspot/webhooks', ms(r.product.p50), ms(r.product.p90), ms(r.product.p99), ms(r.product.max), count(r.product.throughput), String(r.product.errors)],
      ['bare route, signature check only', ms(r.bare.p50), ms(r.bare.p90), ms(r.bare.p99), ms(r.bare.max), count(r.bare.throughput), String(r.bare.errors)],
      ['(reference) signature + JSON.parse', ms(r.bareWithParse.p50), ms(r.bareWithParse.p90), ms(r.bareWithParse.p99), ms(r.bareWithParse.max), count(r.bareWithParse.throughput), String(r.bareWithParse.errors)],
    ]),
  );
  console.log(
    formatTable([
      ['product ÷ bare', 'ratio', 'goal', ''],
      ['p50', ratio(r.p50Ratio), `≤ ${ratio(WEBHOOK_ACK_GOAL)}`, verdict(r.p50Ratio, WEBHOOK_ACK_GOAL)],
      ['p99', ratio(r.p99Ratio), `≤ ${ratio(WEBHOOK_ACK_GOAL)}`, verdict(r.p99Ratio, WEBHOOK_ACK_GOAL)],
      [`p99 vs HubSpot's 5 s deadline`, `${(r.p99ShareOfDeadline * 100).toFixed(2)}%`, '', r.product.p99 < HUBSPOT_ANSWER_DEADLINE_MS ? 'PASS' : 'MISS'],
    ]),
  );
}

if (isEntryPoint(import.meta.url)) {
  await runWebhookAckBench({
    senders: integerArgument('senders'),
    requests: integerArgument('requests'),
    rounds: integerArgument('rounds'),
    eventsPerRequest: integerArgument('events-per-request'),
    print: true,
  });
}
