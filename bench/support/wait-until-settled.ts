import type { RecalculationQueue } from '../../src/jobs/recalculation-queue.js';
import type { Sandbox } from '../../src/sandbox/index.js';

export interface SettleOptions {
  /** Give up after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** How often the pipeline is looked at. Default 25 ms. */
  pollMs?: number;
}

export interface Settled {
  /** `performance.now()` when the pipeline was first seen idle. */
  at: number;
  /** Companies and contacts left in the failed set. */
  failed: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the sandbox has delivered every webhook and the pipeline holds nothing: no company
 * or contact pending or in flight. (A drain job may still be winding down, but it makes no more
 * HubSpot calls.) The app's own writes fire no event the app subscribes to, so this is the end.
 */
export async function waitUntilSettled(sandbox: Sandbox, queue: RecalculationQueue, options: SettleOptions = {}): Promise<Settled> {
  const deadline = performance.now() + (options.timeoutMs ?? 600_000);
  const pollMs = options.pollMs ?? 25;
  for (;;) {
    await sandbox.webhooks.flush();
    const [companies, contacts] = await Promise.all([queue.companies.depth(), queue.contacts.depth()]);
    if (companies.pending + companies.inFlight + contacts.pending + contacts.inFlight === 0) {
      return { at: performance.now(), failed: companies.failed + contacts.failed };
    }
    if (performance.now() > deadline) {
      throw new Error(`the pipeline did not settle: ${companies.pending} companies pending, ${companies.inFlight} in flight, ${contacts.pending} contacts pending`);
    }
    await sleep(pollMs);
  }
}
