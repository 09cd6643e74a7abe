import type { RunningProduct } from '../app/start-product.js';
import type { Sandbox } from '../sandbox/index.js';

/**
 * Waits until every webhook the sandbox has to send was answered and the product has nothing left
 * to do: no id pending or in flight in the recalculation pipeline, no job running, no lifecycle or
 * reconciliation sweep waiting or running, no conflict-check index job waiting, retrying or running. That is the moment a change "in the UI" has done all its work.
 * (Delayed jobs do not count: the schedulers always keep one, and a drain job that wakes to an
 * empty shard has nothing to do.) Polls every 50 ms; throws after `timeoutMs`.
 */
export async function waitUntilSettled(sandbox: Sandbox, product: RunningProduct, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietRounds = 0;
  for (;;) {
    await sandbox.webhooks.flush();
    const [readings, lifecycle, reconciliation, conflictIndex] = await Promise.all([
      product.services.recalculationQueue.depthReadings(),
      product.lifecycle ? product.lifecycle.queue.getJobCounts('waiting', 'active') : Promise.resolve({} as Record<string, number>),
      product.services.reconciliationQueue.queue.getJobCounts('waiting', 'active'),
      product.services.queues.conflictIndex.queue.getJobCounts('waiting', 'active', 'delayed'),
    ]);
    const busy =
      readings.filter((r) => r.state === 'pending' || r.state === 'in_flight' || r.state === 'jobs_active').reduce((sum, r) => sum + r.value, 0) +
      [...Object.values(lifecycle), ...Object.values(reconciliation), ...Object.values(conflictIndex)].reduce((sum, n) => sum + n, 0);
    // Twice in a row: a drain that just finished may have queued follow-ups (contacts → companies).
    quietRounds = busy === 0 ? quietRounds + 1 : 0;
    if (quietRounds >= 2) return;
    if (Date.now() > deadline) throw new Error(`the product did not settle within ${timeoutMs} ms (${busy} items still queued)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
