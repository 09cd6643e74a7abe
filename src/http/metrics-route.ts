import { Router } from 'express';
import type { Metrics } from '../metrics.js';

/** `GET /metrics`: Prometheus text format. It holds counts and depths only, no personal data. */
export function createMetricsRouter(metrics: Metrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
