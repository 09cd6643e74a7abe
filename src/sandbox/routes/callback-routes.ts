import { Router } from 'express';
import { errorBody } from '../hubspot-error-bodies.js';
import { sendError, type SandboxContext } from '../sandbox-context.js';

/** `/automation/v4/actions/callbacks` — completing workflow actions that answered BLOCK. */
export function callbackRoutes(context: SandboxContext): Router {
  const router = Router();
  const { store } = context;

  router.post('/automation/v4/actions/callbacks/complete', (req, res) => {
    const inputs = req.body?.inputs;
    if (!Array.isArray(inputs)) return sendError(res, 400, errorBody('VALIDATION_ERROR', 'Invalid input JSON: "inputs" must be an array.'));
    for (const input of inputs as Array<{ callbackId?: unknown; outputFields?: unknown }>) {
      store.completedCallbacks.push({ callbackId: String(input.callbackId ?? ''), outputFields: stringFields(input.outputFields), at: context.now() });
    }
    res.status(204).end();
  });

  router.post('/automation/v4/actions/callbacks/:callbackId/complete', (req, res) => {
    if (!req.body || typeof req.body.outputFields !== 'object') {
      return sendError(res, 400, errorBody('VALIDATION_ERROR', 'Invalid input JSON: "outputFields" is required.'));
    }
    store.completedCallbacks.push({ callbackId: req.params.callbackId, outputFields: stringFields(req.body.outputFields), at: context.now() });
    res.status(204).end();
  });

  return router;
}

function stringFields(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}
