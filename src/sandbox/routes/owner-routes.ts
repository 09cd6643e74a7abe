import { Router } from 'express';
import { errorBody } from '../hubspot-error-bodies.js';
import { sendError, type SandboxContext } from '../sandbox-context.js';

/** `/crm/v3/owners` — the portal's users who can own records. */
export function ownerRoutes(context: SandboxContext): Router {
  const router = Router();
  const { store } = context;

  router.get('/crm/v3/owners', (req, res) => {
    const email = typeof req.query.email === 'string' ? req.query.email.toLowerCase() : undefined;
    const archived = req.query.archived === 'true';
    const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 100) || 100));
    const offset = Number(req.query.after ?? 0) || 0;
    const matching = store.owners.filter((o) => o.archived === archived && (!email || o.email.toLowerCase() === email));
    const page = matching.slice(offset, offset + limit);
    res.status(200).json({
      results: page,
      ...(offset + limit < matching.length ? { paging: { next: { after: String(offset + limit), link: '' } } } : {}),
    });
  });

  router.get('/crm/v3/owners/:ownerId', (req, res) => {
    const byUserId = req.query.idProperty === 'userId';
    const owner = store.owners.find((o) => (byUserId ? String(o.userId) : o.id) === req.params.ownerId);
    if (!owner) return sendError(res, 404, errorBody('OBJECT_NOT_FOUND', `No owner with ${byUserId ? 'userId' : 'id'} ${req.params.ownerId}`));
    res.status(200).json(owner);
  });

  return router;
}
