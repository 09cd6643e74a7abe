import { Router, type Response } from 'express';
import { associationTypeId, PRIMARY_TYPE_IDS, type CrmStore } from '../crm-store.js';
import { errorBody, standardError, tooManyInputsBody, type StandardErrorBody } from '../hubspot-error-bodies.js';
import { OBJECT_TYPE_IDS, type ObjectType } from '../property-catalog.js';
import { apiSource, objectTypeOr400, sendError, type SandboxContext } from '../sandbox-context.js';

/** HubSpot's limit on inputs of a v4 associations batch read. */
export const ASSOCIATION_BATCH_READ_LIMIT = 1000;
/** Associations returned per `from` id before `paging.next.after` is needed. */
export const ASSOCIATION_PAGE_SIZE = 500;

const LABEL_CATEGORY = 'HUBSPOT_DEFINED';

/** `/crm/v4/associations/...` and `/crm/v4/objects/.../associations/...`. */
export function associationRoutes(context: SandboxContext): Router {
  const router = Router();
  const { store } = context;

  router.get('/crm/v4/associations/:fromType/:toType/labels', (req, res) => {
    const pair = typePair(res, req.params.fromType, req.params.toType);
    if (!pair) return;
    const [from, to] = pair;
    const primary = PRIMARY_TYPE_IDS[from]?.[to];
    res.status(200).json({
      results: [
        { category: LABEL_CATEGORY, typeId: associationTypeId(from, to), label: null },
        ...(primary === undefined ? [] : [{ category: LABEL_CATEGORY, typeId: primary, label: 'Primary' }]),
        ...store.labels.between(from, to).map((label) => ({ category: 'USER_DEFINED', typeId: label.typeId, label: label.label })),
      ],
    });
  });

  // Not confirmed from HubSpot's text: the status and body of the refusal on a plan without
  // custom labels (HubSpot only says they need Professional or Enterprise).
  router.post('/crm/v4/associations/:fromType/:toType/labels', (req, res) => {
    const pair = typePair(res, req.params.fromType, req.params.toType);
    if (!pair) return;
    if (!context.plan.customAssociationLabels) {
      return sendError(
        res,
        403,
        errorBody('FORBIDDEN', 'Custom association labels are not available on this account: they need a Professional or Enterprise subscription.', {
          subCategory: 'AssociationLabelError.CUSTOM_LABELS_NOT_AVAILABLE',
        }),
      );
    }
    const created = store.labels.create(pair[0], pair[1], req.body ?? {});
    if (!created.ok) return sendError(res, 400, errorBody('VALIDATION_ERROR', created.message));
    res.status(200).json({
      results: [created.forward, created.backward].map((label) => ({ category: 'USER_DEFINED', typeId: label.typeId, label: label.label })),
    });
  });

  router.post('/crm/v4/associations/:fromType/:toType/batch/read', (req, res) => {
    const pair = typePair(res, req.params.fromType, req.params.toType);
    if (!pair) return;
    const [from, to] = pair;
    const inputs: unknown = req.body?.inputs;
    if (!Array.isArray(inputs)) return sendError(res, 400, errorBody('VALIDATION_ERROR', 'Invalid input JSON: "inputs" must be an array.'));
    if (inputs.length > ASSOCIATION_BATCH_READ_LIMIT) return sendError(res, 400, tooManyInputsBody(ASSOCIATION_BATCH_READ_LIMIT, inputs.length));
    const startedAt = new Date(context.now()).toISOString();
    const results = [];
    const errors: StandardErrorBody[] = [];
    for (const input of inputs as Array<{ id?: unknown; after?: unknown }>) {
      const id = String(input.id ?? '');
      const all = store.associationsOf(from, id, to);
      if (all.length === 0) {
        errors.push(noAssociations(from, id, to));
        continue;
      }
      const offset = input.after === undefined ? 0 : Number(input.after) || 0;
      const page = all.slice(offset, offset + ASSOCIATION_PAGE_SIZE);
      const next = offset + ASSOCIATION_PAGE_SIZE;
      results.push({
        from: { id },
        to: page.map((link) => ({ toObjectId: Number(link.toId), associationTypes: link.typeIds.map((typeId) => labelSpec(store, typeId)) })),
        ...(next < all.length ? { paging: { next: { after: String(next), link: null } } } : {}),
      });
    }
    const base = { status: 'COMPLETE', results, startedAt, completedAt: new Date(context.now()).toISOString() };
    if (errors.length === 0) res.status(200).json(base);
    else res.status(207).json({ ...base, numErrors: errors.length, errors });
  });

  router.post('/crm/v4/associations/:fromType/:toType/batch/associate/default', (req, res) => {
    const pair = typePair(res, req.params.fromType, req.params.toType);
    if (!pair) return;
    const [from, to] = pair;
    const inputs = (Array.isArray(req.body?.inputs) ? req.body.inputs : []) as Array<{ from?: { id?: unknown }; to?: { id?: unknown } }>;
    const startedAt = new Date(context.now()).toISOString();
    const results = [];
    for (const input of inputs) {
      const fromId = String(input.from?.id ?? '');
      const toId = String(input.to?.id ?? '');
      if (!store.getRecord(from, fromId) || !store.getRecord(to, toId)) continue;
      store.associate(from, fromId, to, toId, apiSource(context));
      results.push({
        from: { id: fromId },
        to: { id: toId },
        associationSpec: { associationCategory: LABEL_CATEGORY, associationTypeId: associationTypeId(from, to) },
      });
    }
    res.status(200).json({ status: 'COMPLETE', results, startedAt, completedAt: new Date(context.now()).toISOString() });
  });

  // With labels: every input's types must be valid for the pair, else nothing is written (400).
  router.post('/crm/v4/associations/:fromType/:toType/batch/create', (req, res) => {
    const pair = typePair(res, req.params.fromType, req.params.toType);
    if (!pair) return;
    const [from, to] = pair;
    const inputs: unknown = req.body?.inputs;
    if (!Array.isArray(inputs)) return sendError(res, 400, errorBody('VALIDATION_ERROR', 'Invalid input JSON: "inputs" must be an array.'));
    const allowed = allowedTypeIds(store, from, to);
    type Input = { from?: { id?: unknown }; to?: { id?: unknown }; types?: Array<{ associationTypeId?: unknown }> };
    const typed = inputs as Input[];
    const wrong = typed.flatMap((input) => input.types ?? []).find((spec) => !allowed.includes(Number(spec.associationTypeId)));
    if (wrong || typed.some((input) => (input.types ?? []).length === 0)) {
      return sendError(res, 400, errorBody('VALIDATION_ERROR', `Association type ${String(wrong?.associationTypeId ?? '(none)')} is not valid from ${from} to ${to}; valid type ids: ${allowed.join(', ')}.`));
    }
    const startedAt = new Date(context.now()).toISOString();
    const results = [];
    const errors: StandardErrorBody[] = [];
    for (const input of typed) {
      const fromId = String(input.from?.id ?? '');
      const toId = String(input.to?.id ?? '');
      if (!store.getRecord(from, fromId) || !store.getRecord(to, toId)) {
        errors.push(standardError('VALIDATION_ERROR', `No ${!store.getRecord(from, fromId) ? `${from} ${fromId}` : `${to} ${toId}`} exists.`, { fromObjectId: [fromId], toObjectId: [toId] }));
        continue;
      }
      const typeIds = (input.types ?? []).map((spec) => Number(spec.associationTypeId));
      for (const typeId of typeIds) store.associate(from, fromId, to, toId, apiSource(context), typeId);
      results.push({
        fromObjectTypeId: OBJECT_TYPE_IDS[from],
        fromObjectId: Number(fromId),
        toObjectTypeId: OBJECT_TYPE_IDS[to],
        toObjectId: Number(toId),
        labels: typeIds.map((typeId) => labelSpec(store, typeId).label).filter((label): label is string => label !== null),
      });
    }
    const base = { status: 'COMPLETE', results, startedAt, completedAt: new Date(context.now()).toISOString() };
    if (errors.length === 0) res.status(201).json(base);
    else res.status(207).json({ ...base, numErrors: errors.length, errors });
  });

  router.post('/crm/v4/associations/:fromType/:toType/batch/archive', (req, res) => {
    const pair = typePair(res, req.params.fromType, req.params.toType);
    if (!pair) return;
    const [from, to] = pair;
    const inputs = (Array.isArray(req.body?.inputs) ? req.body.inputs : []) as Array<{ from?: { id?: unknown }; to?: Array<{ id?: unknown }> }>;
    for (const input of inputs) {
      for (const target of input.to ?? []) {
        store.disassociate(from, String(input.from?.id ?? ''), to, String(target.id ?? ''), apiSource(context));
      }
    }
    res.status(204).end();
  });

  router.put('/crm/v4/objects/:fromType/:fromId/associations/default/:toType/:toId', (req, res) => {
    const pair = typePair(res, req.params.fromType, req.params.toType);
    if (!pair) return;
    const [from, to] = pair;
    const { fromId, toId } = req.params;
    if (!existBoth(res, context, from, fromId, to, toId)) return;
    store.associate(from, fromId, to, toId, apiSource(context));
    const now = new Date(context.now()).toISOString();
    res.status(200).json({
      status: 'COMPLETE',
      results: [
        { from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: LABEL_CATEGORY, associationTypeId: associationTypeId(from, to) } },
      ],
      startedAt: now,
      completedAt: now,
    });
  });

  router.put('/crm/v4/objects/:fromType/:fromId/associations/:toType/:toId', (req, res) => {
    const pair = typePair(res, req.params.fromType, req.params.toType);
    if (!pair) return;
    const [from, to] = pair;
    const { fromId, toId } = req.params;
    if (!existBoth(res, context, from, fromId, to, toId)) return;
    const specs = (Array.isArray(req.body) ? req.body : []) as Array<{ associationCategory?: unknown; associationTypeId?: unknown }>;
    const allowed = allowedTypeIds(store, from, to);
    const wrong = specs.find((spec) => {
      const typeId = Number(spec.associationTypeId);
      const category = store.labels.get(typeId) ? 'USER_DEFINED' : LABEL_CATEGORY;
      return !allowed.includes(typeId) || (spec.associationCategory !== undefined && spec.associationCategory !== category);
    });
    if (wrong || specs.length === 0) {
      return sendError(
        res,
        400,
        errorBody('VALIDATION_ERROR', `Association type ${String(wrong?.associationTypeId ?? '(none)')} is not valid from ${from} to ${to}; valid type ids: ${allowed.join(', ')}.`),
      );
    }
    for (const spec of specs) store.associate(from, fromId, to, toId, apiSource(context), Number(spec.associationTypeId));
    const labels = specs.map((spec) => labelSpec(store, Number(spec.associationTypeId)).label).filter((label): label is string => label !== null);
    res.status(201).json({
      fromObjectTypeId: OBJECT_TYPE_IDS[from],
      fromObjectId: Number(fromId),
      toObjectTypeId: OBJECT_TYPE_IDS[to],
      toObjectId: Number(toId),
      labels,
    });
  });

  router.delete('/crm/v4/objects/:fromType/:fromId/associations/:toType/:toId', (req, res) => {
    const pair = typePair(res, req.params.fromType, req.params.toType);
    if (!pair) return;
    store.disassociate(pair[0], req.params.fromId, pair[1], req.params.toId, apiSource(context));
    res.status(204).end();
  });

  router.get('/crm/v4/objects/:fromType/:fromId/associations/:toType', (req, res) => {
    const pair = typePair(res, req.params.fromType, req.params.toType);
    if (!pair) return;
    const all = store.associationsOf(pair[0], req.params.fromId, pair[1]);
    const limit = Math.min(ASSOCIATION_PAGE_SIZE, Number(req.query.limit ?? ASSOCIATION_PAGE_SIZE) || ASSOCIATION_PAGE_SIZE);
    const offset = Number(req.query.after ?? 0) || 0;
    const page = all.slice(offset, offset + limit);
    res.status(200).json({
      results: page.map((link) => ({ toObjectId: Number(link.toId), associationTypes: link.typeIds.map((typeId) => labelSpec(store, typeId)) })),
      ...(offset + limit < all.length ? { paging: { next: { after: String(offset + limit), link: null } } } : {}),
    });
  });

  return router;
}

function labelSpec(store: CrmStore, typeId: number): { category: string; typeId: number; label: string | null } {
  const custom = store.labels.get(typeId);
  if (custom) return { category: 'USER_DEFINED', typeId, label: custom.label };
  const primary = Object.values(PRIMARY_TYPE_IDS).some((table) => Object.values(table ?? {}).includes(typeId));
  return { category: LABEL_CATEGORY, typeId, label: primary ? 'Primary' : null };
}

/** Type ids a v4 create accepts from `from` to `to`: the unlabelled one, Primary, custom labels. */
function allowedTypeIds(store: CrmStore, from: ObjectType, to: ObjectType): number[] {
  const primary = PRIMARY_TYPE_IDS[from]?.[to];
  return [associationTypeId(from, to)!, ...(primary === undefined ? [] : [primary]), ...store.labels.between(from, to).map((l) => l.typeId)];
}

function typePair(res: Response, fromValue: string | undefined, toValue: string | undefined): [ObjectType, ObjectType] | undefined {
  const from = objectTypeOr400(res, fromValue);
  if (!from) return undefined;
  const to = objectTypeOr400(res, toValue);
  if (!to) return undefined;
  if (associationTypeId(from, to) === undefined) {
    sendError(res, 400, errorBody('VALIDATION_ERROR', `No association types are defined from ${from} to ${to}.`));
    return undefined;
  }
  return [from, to];
}

function existBoth(res: Response, context: SandboxContext, from: ObjectType, fromId: string, to: ObjectType, toId: string): boolean {
  const missing = !context.store.getRecord(from, fromId) ? `${from} ${fromId}` : !context.store.getRecord(to, toId) ? `${to} ${toId}` : undefined;
  if (missing) {
    sendError(res, 404, errorBody('OBJECT_NOT_FOUND', `No ${missing} exists.`));
    return false;
  }
  return true;
}

// Not confirmed from HubSpot's text: the shape below follows captured v4 answers for ids with
// no associations (one error per id, 207 overall).
function noAssociations(from: ObjectType, id: string, to: ObjectType): StandardErrorBody {
  return standardError(
    'OBJECT_NOT_FOUND',
    `No ${to} is associated with ${from} ${id}.`,
    { fromObjectId: [id] },
    'crm.associations.NO_ASSOCIATIONS_FOUND',
  );
}
