import type { Services } from '../app/build-services.js';
import type { Sandbox } from '../sandbox/index.js';

/**
 * Waits until every webhook the sandbox has to send was answered and the recalculation pipeline
 * is empty (no id pending or in flight, no job running): the moment a change "in the UI" has done
 * all its work. (Waiting and delayed jobs do not count: the sweep scheduler always has one delayed,
 * and a drain job that wakes to an empty shard has nothing to do.) Polls every 50 ms; throws after
 * `timeoutMs`.
 */
export async function waitUntilSettled(sandbox: Sandbox, services: Services, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietRounds = 0;
  for (;;) {
    await sandbox.webhooks.flush();
    const readings = await services.recalculationQueue.depthReadings();
    const busy = readings
      .filter((r) => r.state === 'pending' || r.state === 'in_flight' || r.state === 'jobs_active')
      .reduce((sum, r) => sum + r.value, 0);
    // Twice in a row: a drain that just finished may have queued follow-ups (contacts → companies).
    quietRounds = busy === 0 ? quietRounds + 1 : 0;
    if (quietRounds >= 2) return;
    if (Date.now() > deadline) throw new Error(`the product did not settle within ${timeoutMs} ms (${busy} items still queued)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
