import { Router } from 'express';

/** A dependency check: resolves when the dependency answers, throws (or times out) when not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface HealthRouteOptions {
  /** Checks by name, e.g. `{ redis, hubspot }`; all must pass for `/readyz` to answer 200. */
  checks: Record<string, ReadinessCheck>;
  /** A check slower than this fails. Default 2,000 ms (load balancers probe every few seconds). */
  timeoutMs?: number;
}

/**
 * `GET /healthz`: the process is alive (no dependency is touched, so a Redis outage does not
 * get the process restarted). `GET /readyz`: every dependency answers; 503 names the ones that
 * do not, so an operator sees at once whether Redis or HubSpot is the problem.
 */
export function createHealthRouter(options: HealthRouteOptions): Router {
  const router = Router();
  const timeoutMs = options.timeoutMs ?? 2000;
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const names = Object.keys(options.checks);
    const results = await Promise.all(names.map((name) => runCheck(options.checks[name]!, timeoutMs)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
    const failed = names.filter((_, i) => results[i] !== 'ok');
    if (failed.length === 0) {
      res.json({ status: 'ready', checks });
      return;
    }
    res.status(503).json({
      status: 'unavailable',
      checks,
      error: { code: 'SERVICE_UNAVAILABLE', message: `Not ready: ${failed.map((name) => `${name} (${checks[name]})`).join(', ')}` },
    });
  });
  return router;
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
