import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { describe, expect, inject, it } from 'vitest';
import { gate, recordingHandler, usePipelineFixture, waitFor, waitUntilIdle } from './pipeline-harness.js';

const redisUrl = inject('redisUrl');
const PORTAL = '48807704';

describe('recalculation worker lifecycle', () => {
  const pipeline = usePipelineFixture('lifecycle', { shards: 1 });

  it('lets the running batch finish when the worker is closed', async () => {
    const entered = gate();
    const release = gate();
    let finished = false;
    const recorder = recordingHandler(async () => {
      entered.open();
      await release.promise;
      finished = true;
      return { failed: [] };
    });
    await pipeline.producer.enqueueCompanies(PORTAL, ['1', '2']);
    const worker = await pipeline.start(recorder.handler);
    await entered.promise;

    let closed = false;
    const closing = worker.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(closed).toBe(false);
    release.open();
    await closing;

    expect(finished).toBe(true);
    expect(await pipeline.producer.companies.inFlight(PORTAL, 0)).toEqual([]);
    expect(await pipeline.producer.listFailed()).toEqual([]);
  });

  it('hands the batches it did not start back to the queue when closed, and another worker does them', async () => {
    const entered = gate();
    const release = gate();
    const first = recordingHandler(async () => {
      entered.open();
      await release.promise;
      return { failed: [] };
    });
    await pipeline.producer.enqueueCompanies(PORTAL, ['1', '2', '3', '4']);
    const worker = await pipeline.start(first.handler, { settings: { claimSize: 2 } });
    await entered.promise;

    const closing = worker.close();
    release.open();
    await closing;
    expect(first.calls).toHaveLength(1);

    const second = recordingHandler();
    await pipeline.start(second.handler, { settings: { claimSize: 2 } });
    await waitUntilIdle(pipeline.producer);

    const all = [...first.calls, ...second.calls].flatMap((c) => c.ids).sort();
    expect(all).toEqual(['1', '2', '3', '4']);
  });

  it('resumes the batch of a worker killed mid-batch on another worker', async () => {
    await pipeline.producer.enqueueCompanies(PORTAL, ['31', '32', '33']);
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/integration/jobs/fixtures/hanging-worker.ts'], {
      env: { ...process.env, REDIS_URL: redisUrl, PREFIX: pipeline.prefix },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const lines = readline.createInterface({ input: child.stdout! });
    const claimed = await new Promise<string>((resolve) => lines.once('line', resolve));
    expect(claimed).toBe('claimed ["31","32","33"]');

    child.kill('SIGKILL');
    await exited;
    const recorder = recordingHandler();
    await pipeline.start(recorder.handler, { lock: { lockDuration: 1000, stalledInterval: 250 } });
    await waitFor(() => recorder.calls.length > 0, 20_000, 'the batch to be resumed');
    await waitUntilIdle(pipeline.producer);

    expect(recorder.calls).toEqual([{ portalId: PORTAL, ids: ['31', '32', '33'] }]);
  });
});
