import { Router } from 'express';
import { errorBody, standardError, type StandardErrorBody } from '../hubspot-error-bodies.js';
import { propertyDefinition, type ObjectType, type PropertyDefinition } from '../property-catalog.js';
import { objectTypeOr400, sendError, type SandboxContext } from '../sandbox-context.js';

const TYPES = ['string', 'number', 'bool', 'enumeration', 'date', 'datetime'] as const;
const FIELD_TYPES: Record<(typeof TYPES)[number], string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
  number: ['number', 'calculation_equation'],
  bool: ['booleancheckbox', 'calculation_equation'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
  date: ['date'],
  datetime: ['date'],
};

type PropertyBody = Partial<Omit<PropertyDefinition, 'options'>> & { options?: Array<{ label?: string; value?: string; description?: string; displayOrder?: number; hidden?: boolean }> };

/** `/crm/v3/properties/{objectType}` — property groups and definitions. */
export function propertyRoutes(context: SandboxContext): Router {
  const router = Router();
  const { store } = context;
  const stamp = () => new Date(context.now()).toISOString();

  router.get('/crm/v3/properties/:objectType/groups', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    res.status(200).json({ results: [...store.groupsOf(type).values()].filter((g) => !g.archived) });
  });

  router.post('/crm/v3/properties/:objectType/groups', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const { name, label, displayOrder } = req.body ?? {};
    if (typeof name !== 'string' || !/^[a-z0-9_]+$/.test(name) || typeof label !== 'string' || label === '') {
      return sendError(res, 400, errorBody('VALIDATION_ERROR', 'A property group needs a name (lower-case letters, digits, underscores) and a label.'));
    }
    if (store.groupsOf(type).get(name)?.archived === false) {
      return sendError(
        res,
        409,
        errorBody('OBJECT_ALREADY_EXISTS', `A property group with name '${name}' already exists.`, { context: { name: [name] } }),
      );
    }
    const group = { name, label, displayOrder: typeof displayOrder === 'number' ? displayOrder : -1, archived: false };
    store.groupsOf(type).set(name, group);
    res.status(201).json(group);
  });

  router.get('/crm/v3/properties/:objectType/groups/:groupName', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const group = store.groupsOf(type).get(req.params.groupName);
    if (!group || group.archived) return sendError(res, 404, errorBody('OBJECT_NOT_FOUND', `Unable to find property group ${req.params.groupName}`));
    res.status(200).json(group);
  });

  router.patch('/crm/v3/properties/:objectType/groups/:groupName', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const group = store.groupsOf(type).get(req.params.groupName);
    if (!group || group.archived) return sendError(res, 404, errorBody('OBJECT_NOT_FOUND', `Unable to find property group ${req.params.groupName}`));
    if (typeof req.body?.label === 'string') group.label = req.body.label;
    if (typeof req.body?.displayOrder === 'number') group.displayOrder = req.body.displayOrder;
    res.status(200).json(group);
  });

  router.post('/crm/v3/properties/:objectType/batch/create', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const inputs = (Array.isArray(req.body?.inputs) ? req.body.inputs : []) as PropertyBody[];
    const startedAt = stamp();
    const results: PropertyDefinition[] = [];
    const errors: StandardErrorBody[] = [];
    for (const input of inputs) {
      const outcome = createProperty(context, type, input, stamp());
      if (outcome.ok) results.push(outcome.property);
      else errors.push(standardError(outcome.category, outcome.message, { name: [String(input.name ?? '')] }));
    }
    const base = { status: 'COMPLETE', results, startedAt, completedAt: stamp() };
    if (errors.length === 0) res.status(201).json(base);
    else res.status(207).json({ ...base, numErrors: errors.length, errors });
  });

  router.post('/crm/v3/properties/:objectType/batch/read', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const inputs = (Array.isArray(req.body?.inputs) ? req.body.inputs : []) as Array<{ name?: unknown }>;
    const startedAt = stamp();
    const results: PropertyDefinition[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const property = store.propertiesOf(type).get(String(input.name ?? ''));
      if (property && !property.archived) results.push(property);
      else missing.push(String(input.name ?? ''));
    }
    const base = { status: 'COMPLETE', results, startedAt, completedAt: stamp() };
    if (missing.length === 0) res.status(200).json(base);
    else res.status(207).json({ ...base, numErrors: 1, errors: [standardError('OBJECT_NOT_FOUND', `Unable to find properties: ${missing.join(', ')}`, { names: missing })] });
  });

  router.get('/crm/v3/properties/:objectType', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const archived = req.query.archived === 'true';
    res.status(200).json({ results: [...store.propertiesOf(type).values()].filter((p) => p.archived === archived) });
  });

  router.post('/crm/v3/properties/:objectType', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const outcome = createProperty(context, type, (req.body ?? {}) as PropertyBody, stamp());
    if (!outcome.ok) {
      return sendError(res, outcome.category === 'OBJECT_ALREADY_EXISTS' ? 409 : 400, errorBody(outcome.category, outcome.message, { context: { name: [String(req.body?.name ?? '')] } }));
    }
    res.status(201).json(outcome.property);
  });

  router.get('/crm/v3/properties/:objectType/:propertyName', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const property = store.propertiesOf(type).get(req.params.propertyName);
    if (!property || property.archived) return sendError(res, 404, errorBody('OBJECT_NOT_FOUND', `Unable to find property ${req.params.propertyName}`));
    res.status(200).json(property);
  });

  router.patch('/crm/v3/properties/:objectType/:propertyName', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const property = store.propertiesOf(type).get(req.params.propertyName);
    if (!property || property.archived) return sendError(res, 404, errorBody('OBJECT_NOT_FOUND', `Unable to find property ${req.params.propertyName}`));
    if (property.modificationMetadata.readOnlyDefinition) {
      return sendError(res, 400, errorBody('VALIDATION_ERROR', `Property ${property.name} is a HubSpot-defined property and cannot be changed.`));
    }
    const body = (req.body ?? {}) as PropertyBody;
    if (body.groupName !== undefined && !store.groupsOf(type).has(body.groupName)) {
      return sendError(res, 400, errorBody('VALIDATION_ERROR', `Property group ${body.groupName} does not exist.`));
    }
    const next = propertyDefinition(
      {
        ...property,
        ...pick(body, ['label', 'description', 'groupName', 'type', 'fieldType', 'displayOrder', 'hidden', 'formField']),
        options: body.options ? normalizeOptions(body.options) : property.options,
        createdAt: property.createdAt,
        updatedAt: stamp(),
      },
      property.createdAt,
    );
    store.propertiesOf(type).set(property.name, next);
    res.status(200).json(next);
  });

  router.delete('/crm/v3/properties/:objectType/:propertyName', (req, res) => {
    const type = objectTypeOr400(res, req.params.objectType);
    if (!type) return;
    const property = store.propertiesOf(type).get(req.params.propertyName);
    if (property && !property.modificationMetadata.readOnlyDefinition) property.archived = true;
    res.status(204).end();
  });

  return router;
}

type CreateOutcome = { ok: true; property: PropertyDefinition } | { ok: false; category: string; message: string };

function createProperty(context: SandboxContext, type: ObjectType, body: PropertyBody, at: string): CreateOutcome {
  const { name, label, groupName } = body;
  const propertyType = body.type as (typeof TYPES)[number] | undefined;
  if (typeof name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(name)) {
    return { ok: false, category: 'VALIDATION_ERROR', message: `Property name ${String(name)} is not valid: use lower-case letters, digits and underscores, starting with a letter.` };
  }
  if (typeof label !== 'string' || label === '') return { ok: false, category: 'VALIDATION_ERROR', message: `Property ${name} needs a label.` };
  if (!propertyType || !TYPES.includes(propertyType)) {
    return { ok: false, category: 'VALIDATION_ERROR', message: `Property ${name} has an invalid type ${String(body.type)}; use one of ${TYPES.join(', ')}.` };
  }
  if (typeof body.fieldType !== 'string' || !FIELD_TYPES[propertyType].includes(body.fieldType)) {
    return { ok: false, category: 'VALIDATION_ERROR', message: `fieldType ${String(body.fieldType)} is not valid for a ${propertyType} property; use one of ${FIELD_TYPES[propertyType].join(', ')}.` };
  }
  if (typeof groupName !== 'string' || !context.store.groupsOf(type).has(groupName)) {
    return { ok: false, category: 'VALIDATION_ERROR', message: `Property group ${String(groupName)} does not exist.` };
  }
  if (propertyType === 'enumeration' && body.fieldType !== 'booleancheckbox' && (!body.options || body.options.length === 0)) {
    return { ok: false, category: 'VALIDATION_ERROR', message: `Enumeration property ${name} needs options.` };
  }
  const existing = context.store.propertiesOf(type).get(name);
  if (existing && !existing.archived) {
    return { ok: false, category: 'OBJECT_ALREADY_EXISTS', message: `Property named '${name}' already exists.` };
  }
  const property = propertyDefinition(
    {
      ...pick(body, ['description', 'displayOrder', 'hidden', 'formField', 'hasUniqueValue']),
      name,
      label,
      type: propertyType,
      fieldType: body.fieldType,
      groupName,
      options: normalizeOptions(body.options ?? []),
    },
    at,
  );
  context.store.propertiesOf(type).set(name, property);
  return { ok: true, property };
}

function normalizeOptions(options: NonNullable<PropertyBody['options']>): Array<{ label: string; value: string }> {
  return options.map((option) => ({ label: String(option.label ?? option.value ?? ''), value: String(option.value ?? '') }));
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}
