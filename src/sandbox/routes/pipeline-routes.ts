import { Router, type Response } from 'express';
import { errorBody, notFoundBody } from '../hubspot-error-bodies.js';
import { sendError, type SandboxContext } from '../sandbox-context.js';

/**
 * `/crm/v3/pipelines/deals`: list, read and create deal pipelines with their stages. Other
 * object types have no pipelines in the sandbox.
 *
 * Not confirmed from HubSpot's text: the wording of the refusals, the 409 for a label already
 * used and the 403 for a plan's pipeline limit (multiple deal pipelines need Sales Hub Starter or above).
 */
export function pipelineRoutes(context: SandboxContext): Router {
  const router = Router();
  const { pipelines } = context.store;

  router.get('/crm/v3/pipelines/:objectType', (req, res) => {
    if (!dealsOr400(res, req.params.objectType)) return;
    res.status(200).json({ results: pipelines.list() });
  });

  router.get('/crm/v3/pipelines/:objectType/:pipelineId', (req, res) => {
    if (!dealsOr400(res, req.params.objectType)) return;
    const pipeline = pipelines.get(req.params.pipelineId);
    if (!pipeline) return sendError(res, 404, notFoundBody(`Unable to find pipeline ${req.params.pipelineId}`));
    res.status(200).json(pipeline);
  });

  router.get('/crm/v3/pipelines/:objectType/:pipelineId/stages', (req, res) => {
    if (!dealsOr400(res, req.params.objectType)) return;
    const pipeline = pipelines.get(req.params.pipelineId);
    if (!pipeline) return sendError(res, 404, notFoundBody(`Unable to find pipeline ${req.params.pipelineId}`));
    res.status(200).json({ results: pipeline.stages });
  });

  router.post('/crm/v3/pipelines/:objectType', (req, res) => {
    if (!dealsOr400(res, req.params.objectType)) return;
    if (!pipelines.hasRoom()) {
      return sendError(
        res,
        403,
        errorBody('FORBIDDEN', `This account has reached its limit of ${pipelines.limit} deal pipeline(s); more deal pipelines need a higher Sales Hub subscription.`, {
          subCategory: 'PipelineError.PIPELINE_LIMIT_REACHED',
        }),
      );
    }
    const created = pipelines.create(req.body ?? {});
    if (!created.ok) {
      return sendError(res, created.status, errorBody(created.status === 409 ? 'CONFLICT' : 'VALIDATION_ERROR', created.message));
    }
    res.status(201).json(created.pipeline);
  });

  return router;
}

function dealsOr400(res: Response, objectType: string | undefined): boolean {
  const lower = (objectType ?? '').toLowerCase();
  if (lower === 'deals' || lower === 'deal' || lower === '0-3') return true;
  sendError(res, 400, errorBody('VALIDATION_ERROR', `The sandbox keeps pipelines for deals only, not ${objectType ?? ''}.`));
  return false;
}
