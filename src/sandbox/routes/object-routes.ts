import { Router, type Request, type Response } from 'express';
import { ASSOCIATION_TYPE_IDS, PRIMARY_TYPE_IDS, type CrmStore, type StoredRecord } from '../crm-store.js';
import {
  errorBody,
  notFoundBody,
  propertyValidationBody,
  standardError,
  tooManyInputsBody,
  type HubSpotErrorBody,
  type RefusedValue,
  type StandardErrorBody,
} from '../hubspot-error-bodies.js';
import { OBJECT_SINGULAR, OBJECT_TYPES, normalizeObjectType, type ObjectType } from '../property-catalog.js';
import { listParam, recordView } from '../record-view.js';
import { apiSource, objectTypeOr400, sendError, singularUpper, type SandboxContext } from '../sandbox-context.js';
import { searchRecords } from '../search-records.js';

/** HubSpot's limit on inputs of a v3 batch request. */
export const BATCH_LIMIT = 100;

type BatchInput = { id?: unknown; properties?: unknown; associations?: unknown; objectWriteTraceId?: unknown };

/** `/crm/v3/objects/{type}` — single records, batches and search. */
export function objectRoutes(context: SandboxContext): Router {
  const router = Router();
  const { store } = context;

  router.post('/crm/v3/objects/:objectType/batch/read', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const inputs = batchInputs(req, res);
    if (!inputs) return;
    const startedAt = new Date(context.now()).toISOString();
    const idProperty = typeof req.body.idProperty === 'string' ? req.body.idProperty : undefined;
    const found: StoredRecord[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const id = String(input.id ?? '');
      const record = idProperty ? findByProperty(context, type, idProperty, id) : store.getRecord(type, id);
      if (record) found.push(record);
      else missing.push(id);
    }
    const definitions = store.propertiesOf(type);
    const results = found.map((record) =>
      recordView(record, {
        properties: stringArray(req.body.properties),
        propertiesWithHistory: stringArray(req.body.propertiesWithHistory),
        definitions,
      }),
    );
    const errors = missing.length > 0 ? [objectsNotFound(type, missing)] : [];
    sendBatch(res, context, 200, startedAt, results, errors);
  });

  router.post('/crm/v3/objects/:objectType/batch/update', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const inputs = batchInputs(req, res);
    if (!inputs) return;
    const startedAt = new Date(context.now()).toISOString();
    const ids = inputs.map((input) => String(input.id ?? ''));
    const duplicates = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
    if (duplicates.length > 0) {
      return sendError(res, 400, errorBody('VALIDATION_ERROR', `Duplicate IDs found in batch input: [${duplicates.join(', ')}]. IDs must be unique`));
    }
    const refused: RefusedValue[] = inputs.flatMap((input) =>
      store.validate(type, asProperties(input.properties), String(input.id ?? '')).errors.map((e) => ({ ...e, inputId: String(input.id ?? '') })),
    );
    if (refused.length > 0) return sendError(res, 400, propertyValidationBody(refused, context.portalId));
    const results = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const id = String(input.id ?? '');
      const properties = asProperties(input.properties);
      const written = store.updateRecord(type, id, properties, apiSource(context));
      if (!written || !written.ok) {
        missing.push(id);
        continue;
      }
      results.push(recordView(written.record, { properties: Object.keys(properties), definitions: store.propertiesOf(type) }));
    }
    const errors = missing.length > 0 ? [objectsNotFound(type, missing)] : [];
    sendBatch(res, context, 200, startedAt, results, errors);
  });

  router.post('/crm/v3/objects/:objectType/batch/create', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const inputs = batchInputs(req, res);
    if (!inputs) return;
    const startedAt = new Date(context.now()).toISOString();
    const problems = inputs.map((input) => createProblem(context, type, input));
    const traced = inputs.every((input) => traceIdOf(input) !== undefined);
    const firstProblem = problems.find((problem) => problem !== undefined);
    // Without a trace id on every input HubSpot refuses the whole batch for one bad input.
    if (firstProblem && !traced) return sendError(res, 400, firstProblem);
    const results: unknown[] = [];
    const errors: StandardErrorBody[] = [];
    inputs.forEach((input, index) => {
      const traceId = traceIdOf(input);
      const problem = problems[index];
      if (problem) {
        errors.push(standardError(problem.category, problem.message, { objectWriteTraceId: [traceId!] }));
        return;
      }
      const properties = asProperties(input.properties);
      const created = createWithAssociations(context, type, properties, input.associations);
      const view = recordView(created, { properties: Object.keys(properties), definitions: store.propertiesOf(type) });
      results.push(traceId === undefined ? view : { ...view, objectWriteTraceId: traceId });
    });
    sendBatch(res, context, 201, startedAt, results, errors);
  });

  // Create or update by a unique property (`idProperty`, e.g. a contact's `email`): one input per
  // record, matched case-insensitively; 200 with each record and whether it was `new`. Nothing is
  // written when one input is refused. Associations cannot be given here (HubSpot has none on upsert).
  router.post('/crm/v3/objects/:objectType/batch/upsert', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const inputs = batchInputs(req, res) as Array<BatchInput & { idProperty?: unknown }> | undefined;
    if (!inputs) return;
    const startedAt = new Date(context.now()).toISOString();
    const definitions = store.propertiesOf(type);
    for (const input of inputs) {
      const idProperty = typeof input.idProperty === 'string' ? input.idProperty : '';
      if (!definitions.get(idProperty)?.hasUniqueValue) {
        return sendError(res, 400, errorBody('VALIDATION_ERROR', `${idProperty || '(no idProperty)'} is not a unique value property of ${type}; upsert needs one.`));
      }
      if (typeof input.id !== 'string' || input.id.trim() === '') {
        return sendError(res, 400, errorBody('VALIDATION_ERROR', `Invalid input JSON: each input needs the ${idProperty} value as "id".`));
      }
    }
    const keys = inputs.map((input) => `${String(input.idProperty)}\u0000${String(input.id).toLowerCase()}`);
    const duplicates = [...new Set(inputs.filter((_, index) => keys.indexOf(keys[index]!) !== index).map((input) => String(input.id)))];
    if (duplicates.length > 0) {
      return sendError(res, 400, errorBody('VALIDATION_ERROR', `Duplicate IDs found in batch input: [${duplicates.join(', ')}]. IDs must be unique`));
    }
    const planned = inputs.map((input) => {
      const idProperty = String(input.idProperty);
      const existing = findByProperty(context, type, idProperty, String(input.id));
      const properties = existing ? asProperties(input.properties) : { ...asProperties(input.properties), [idProperty]: String(input.id) };
      return { existing, properties };
    });
    const refused: RefusedValue[] = planned.flatMap(({ existing, properties }, index) =>
      store.validate(type, properties, existing?.id).errors.map((e) => ({ ...e, inputId: String(inputs[index]!.id) })),
    );
    if (refused.length > 0) return sendError(res, 400, propertyValidationBody(refused, context.portalId));
    const results = planned.map(({ existing, properties }) => {
      const written = existing
        ? store.updateRecord(type, existing.id, properties, apiSource(context))
        : store.createRecord(type, properties, apiSource(context));
      if (!written?.ok) throw new Error('validated values were refused');
      return { ...recordView(written.record, { properties: Object.keys(properties), definitions }), new: existing === undefined };
    });
    sendBatch(res, context, 200, startedAt, results, []);
  });

  router.post('/crm/v3/objects/:objectType/search', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const outcome = searchRecords(store, type, req.body ?? {});
    if (!outcome.ok) return sendError(res, 400, errorBody('VALIDATION_ERROR', outcome.message));
    const definitions = store.propertiesOf(type);
    res.status(200).json({
      total: outcome.total,
      results: outcome.records.map((record) => recordView(record, { properties: stringArray(req.body?.properties), definitions })),
      ...(outcome.nextAfter !== undefined ? { paging: { next: { after: outcome.nextAfter, link: '' } } } : {}),
    });
  });

  router.get('/crm/v3/objects/:objectType', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 10) || 10));
    const all = [...store.recordsOf(type).values()];
    const start = req.query.after ? all.findIndex((r) => Number(r.id) > Number(req.query.after)) : 0;
    const page = start < 0 ? [] : all.slice(start, start + limit);
    const last = page.at(-1);
    const more = start >= 0 && start + limit < all.length;
    res.status(200).json({
      results: page.map((record) => recordView(record, { properties: listParam(req.query.properties), definitions: store.propertiesOf(type) })),
      ...(more && last ? { paging: { next: { after: last.id, link: '' } } } : {}),
    });
  });

  router.post('/crm/v3/objects/:objectType', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const properties = asProperties(req.body?.properties);
    const refused = store.validate(type, properties).errors;
    if (refused.length > 0) return sendError(res, 400, propertyValidationBody(refused, context.portalId));
    const problem = associationProblem(context, type, req.body?.associations);
    if (problem) return sendError(res, 400, errorBody('VALIDATION_ERROR', problem));
    const created = createWithAssociations(context, type, properties, req.body?.associations);
    res.status(201).json(recordView(created, { properties: Object.keys(properties), definitions: store.propertiesOf(type) }));
  });

  router.get('/crm/v3/objects/:objectType/:objectId', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const idProperty = typeof req.query.idProperty === 'string' ? req.query.idProperty : undefined;
    const record = idProperty
      ? findByProperty(context, type, idProperty, req.params.objectId)
      : store.getRecord(type, req.params.objectId);
    if (!record) return sendError(res, 404, notFoundBody());
    const view = recordView(record, {
      properties: listParam(req.query.properties),
      propertiesWithHistory: listParam(req.query.propertiesWithHistory),
      definitions: store.propertiesOf(type),
    });
    const associations = associationsView(store, type, record.id, listParam(req.query.associations));
    res.status(200).json(associations ? { ...view, associations } : view);
  });

  router.patch('/crm/v3/objects/:objectType/:objectId', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const properties = asProperties(req.body?.properties);
    const written = store.updateRecord(type, req.params.objectId, properties, apiSource(context));
    if (!written) return sendError(res, 404, notFoundBody());
    if (!written.ok) return sendError(res, 400, propertyValidationBody(written.errors, context.portalId));
    res.status(200).json(recordView(written.record, { properties: Object.keys(properties), definitions: store.propertiesOf(type) }));
  });

  router.delete('/crm/v3/objects/:objectType/:objectId', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    // HubSpot answers 204 whether or not the record existed.
    store.archiveRecord(type, req.params.objectId, apiSource(context));
    res.status(204).end();
  });

  router.post('/crm/v3/objects/:objectType/batch/archive', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const inputs = batchInputs(req, res);
    if (!inputs) return;
    for (const input of inputs) store.archiveRecord(type, String(input.id ?? ''), apiSource(context));
    res.status(204).end();
  });

  return router;
}

/**
 * The `associations` of a v3 read (`?associations=companies`), by plural type, each link once per
 * type id: `deal_to_company` style names, `_unlabeled` for the unlabelled id of a pair that also
 * has a Primary, a custom label's internal name. Not confirmed from HubSpot's text: the exact type
 * names of labelled links.
 */
function associationsView(store: CrmStore, type: ObjectType, id: string, asked: string[] | undefined) {
  if (!asked) return undefined;
  const view: Record<string, { results: Array<{ id: string; type: string }> }> = {};
  for (const name of asked) {
    const toType = normalizeObjectType(name);
    if (!toType || ASSOCIATION_TYPE_IDS[type]?.[toType] === undefined) continue;
    const base = `${OBJECT_SINGULAR[type]}_to_${OBJECT_SINGULAR[toType]}`;
    const hasPrimary = PRIMARY_TYPE_IDS[type]?.[toType] !== undefined;
    const results = store.associationsOf(type, id, toType).flatMap((link) =>
      link.typeIds.map((typeId) => {
        const label = store.labels.get(typeId);
        if (label) return { id: link.toId, type: label.name };
        if (typeId === PRIMARY_TYPE_IDS[type]?.[toType]) return { id: link.toId, type: base };
        return { id: link.toId, type: hasPrimary ? `${base}_unlabeled` : base };
      }),
    );
    if (results.length > 0) view[toType] = { results };
  }
  return Object.keys(view).length > 0 ? view : undefined;
}

function batchInputs(req: Request, res: Response): BatchInput[] | undefined {
  const inputs: unknown = req.body?.inputs;
  if (!Array.isArray(inputs)) {
    sendError(res, 400, errorBody('VALIDATION_ERROR', 'Invalid input JSON: "inputs" must be an array.'));
    return undefined;
  }
  if (inputs.length > BATCH_LIMIT) {
    sendError(res, 400, tooManyInputsBody(BATCH_LIMIT, inputs.length));
    return undefined;
  }
  return inputs as BatchInput[];
}

function sendBatch(
  res: Response,
  context: SandboxContext,
  okStatus: 200 | 201,
  startedAt: string,
  results: unknown[],
  errors: StandardErrorBody[],
): void {
  const base = { status: 'COMPLETE', results, startedAt, completedAt: new Date(context.now()).toISOString() };
  if (errors.length === 0) {
    res.status(okStatus).json(base);
    return;
  }
  res.status(207).json({ ...base, numErrors: errors.length, errors });
}

function objectsNotFound(type: ObjectType, ids: string[]): StandardErrorBody {
  return standardError(
    'OBJECT_NOT_FOUND',
    `Could not get some ${singularUpper(type)} objects, they may be deleted or not exist. Check that ids are valid.`,
    { ids },
  );
}

function findByProperty(context: SandboxContext, type: ObjectType, name: string, value: string): StoredRecord | undefined {
  if (name === 'hs_object_id') return context.store.getRecord(type, value);
  for (const record of context.store.recordsOf(type).values()) {
    if (record.properties.get(name)?.toLowerCase() === value.toLowerCase()) return record;
  }
  return undefined;
}

function asProperties(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

interface AssociationInput {
  to?: { id?: unknown };
  types?: Array<{ associationCategory?: unknown; associationTypeId?: unknown }>;
}

/** The type a create's association points to: by a HubSpot-defined type id or a custom label's. */
function targetTypeOf(store: CrmStore, from: ObjectType, typeId: number): ObjectType | undefined {
  const label = store.labels.get(typeId);
  if (label) return label.fromType === from ? label.toType : undefined;
  const table = ASSOCIATION_TYPE_IDS[from] ?? {};
  const primary = PRIMARY_TYPE_IDS[from] ?? {};
  return OBJECT_TYPES.find((to) => table[to] === typeId || primary[to] === typeId);
}

/** HubSpot refuses the create when an association names an unknown type or a missing record. */
function associationProblem(context: SandboxContext, type: ObjectType, associations: unknown): string | undefined {
  if (associations === undefined) return undefined;
  if (!Array.isArray(associations)) return 'associations must be an array';
  for (const association of associations as AssociationInput[]) {
    const toId = String(association.to?.id ?? '');
    for (const spec of association.types ?? []) {
      const typeId = Number(spec.associationTypeId);
      const target = targetTypeOf(context.store, type, typeId);
      if (!target) return `${String(spec.associationTypeId)} is not a valid association type id for ${type}`;
      if (!context.store.getRecord(target, toId)) {
        return `One or more associations are invalid: ${target} ${toId} does not exist`;
      }
    }
  }
  return undefined;
}

/**
 * The caller's name for one input of a batch create. With one on every input HubSpot creates the
 * valid inputs, answers 207 for the others and names each refused input by it.
 */
function traceIdOf(input: BatchInput): string | undefined {
  const { objectWriteTraceId } = input;
  if (typeof objectWriteTraceId === 'string' && objectWriteTraceId !== '') return objectWriteTraceId;
  return typeof objectWriteTraceId === 'number' ? String(objectWriteTraceId) : undefined;
}

/** Why HubSpot would refuse to create this input, as the error body of a single create. */
function createProblem(context: SandboxContext, type: ObjectType, input: BatchInput): HubSpotErrorBody | undefined {
  const refused = context.store.validate(type, asProperties(input.properties)).errors;
  if (refused.length > 0) return propertyValidationBody(refused, context.portalId);
  const problem = associationProblem(context, type, input.associations);
  return problem ? errorBody('VALIDATION_ERROR', problem) : undefined;
}

function createWithAssociations(
  context: SandboxContext,
  type: ObjectType,
  properties: Record<string, unknown>,
  associations: unknown,
): StoredRecord {
  const created = context.store.createRecord(type, properties, apiSource(context));
  if (!created.ok) throw new Error('validated values were refused');
  for (const association of (associations ?? []) as AssociationInput[]) {
    for (const spec of association.types ?? []) {
      const typeId = Number(spec.associationTypeId);
      const target = targetTypeOf(context.store, type, typeId)!;
      context.store.associate(type, created.record.id, target, String(association.to?.id ?? ''), apiSource(context), typeId);
    }
  }
  return created.record;
}
