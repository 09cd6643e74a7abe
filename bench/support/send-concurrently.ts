import { Worker } from 'node:worker_threads';

/** A request ready to send: its body bytes and headers (signature included). */
export interface PreparedRequest {
  body: Uint8Array;
  headers: Record<string, string>;
}

export interface SendResult {
  /** Milliseconds from writing the request to the end of the answer, one per request sent. */
  latenciesMs: Float64Array;
  statuses: Int32Array;
  seconds: number;
}

// Plain JavaScript run in its own thread, so that the senders' work does not share the event loop
// of the server being measured. `senders` loops each keep one request in flight (HubSpot's
// concurrent webhook requests), over keep-alive connections.
const SENDER_SOURCE = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { url, requests, total, senders } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: senders });
const latencies = new Float64Array(total);
const statuses = new Int32Array(total);
let next = 0;
function send(request) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
        headers: { ...request.headers, 'content-length': request.body.byteLength } },
      (res) => {
        res.resume();
        res.on('end', () => resolve([Number(process.hrtime.bigint() - started) / 1e6, res.statusCode]));
      },
    );
    req.on('error', reject);
    req.end(Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength));
  });
}
async function loop() {
  while (next < total) {
    const index = next++;
    const [ms, status] = await send(requests[index % requests.length]);
    latencies[index] = ms;
    statuses[index] = status;
  }
}
const started = process.hrtime.bigint();
Promise.all(Array.from({ length: senders }, loop)).then(
  () => {
    agent.destroy();
    parentPort.postMessage({ latencies, statuses, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  },
  (error) => {
    agent.destroy();
    parentPort.postMessage({ error: String(error && error.stack || error) });
  },
);
`;

/**
 * Sends `total` POSTs to `url` from `senders` concurrent loops in a worker thread, cycling through
 * `requests`, and resolves with each request's latency and status.
 */
export function sendConcurrently(url: string, requests: readonly PreparedRequest[], total: number, senders: number): Promise<SendResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SENDER_SOURCE, { eval: true, workerData: { url, requests, total, senders } });
    worker.once('message', (message: { latencies?: Float64Array; statuses?: Int32Array; seconds?: number; error?: string }) => {
      void worker.terminate();
      if (message.error) reject(new Error(`webhook senders failed: ${message.error}`));
      else resolve({ latenciesMs: message.latencies!, statuses: message.statuses!, seconds: message.seconds! });
    });
    worker.once('error', reject);
  });
}

/** The value below which `fraction` of the samples lie (nearest rank). */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1]!;
}
