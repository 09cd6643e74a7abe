import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { buildWorkspaceBundles, type WorkspaceBundles } from './build-workspace-bundles.js';
import { proxyHubSpotFetch } from './proxy-hubspot-fetch.js';
import { readAppComponents } from './read-app-components.js';
import { WorkspaceRecords } from './read-workspace-records.js';
import { renderWorkspaceHtml } from './render-workspace-html.js';
import { runWorkflowActionAsHubSpot } from './run-workflow-action-as-hubspot.js';
import { summarizeHubSpotCalls } from './summarize-hubspot-calls.js';
import type { WorkspaceDependencies } from './workspace-dependencies.js';

/** The person the workspace's visitor is in the sandbox portal (the user token acts for them). */
export const WORKSPACE_USER = { firstName: 'Sam', lastName: 'Sandbox', email: 'sam@sandbox.example', locale: 'en-us' } as const;

const recordId = z.string().regex(/^\d+$/);
const editBody = z.object({ properties: z.record(z.string(), z.string()) });
const fetchBody = z.object({ url: z.string().min(1), method: z.string().optional(), body: z.unknown().optional(), timeout: z.number().optional() });
const runBody = z.object({ objectId: recordId, objectType: z.enum(['COMPANY', 'CONTACT']), inputFields: z.record(z.string(), z.string()) });

function badRequest(res: Response, message: string): void {
  res.status(400).json({ error: { code: 'INVALID_INPUT', message } });
}

function notFound(res: Response, message: string): void {
  res.status(404).json({ error: { code: 'NOT_FOUND', message } });
}

/**
 * The sandbox workspace: a HubSpot-like CRM over the sandbox portal at `/`, with the app's cards
 * and app page rendered from their real code, its workflow actions, the outbox and the HubSpot request log.
 * Mounted in sandbox mode only.
 */
export function createWorkspaceRouter(deps: WorkspaceDependencies): Router {
  const { sandbox } = deps;
  const components = readAppComponents(deps.srcDir);
  const records = new WorkspaceRecords(sandbox, deps.program);
  const portalId = String(sandbox.portalId);
  let bundles: Promise<WorkspaceBundles> | undefined;
  // Bundled once, when the page is first asked for (its scripts follow at once); a failure is
  // logged and answered on the script requests.
  const loadBundles = () => {
    if (!bundles) {
      bundles = buildWorkspaceBundles(components.cards, components.pages);
      bundles.catch((error: unknown) => deps.logger.error({ err: error }, 'the workspace could not be bundled'));
    }
    return bundles;
  };

  // Live updates: every CRM change is pushed to the open pages, which re-read what they show.
  const listeners = new Set<Response>();
  let pending = new Map<string, { objectType: string; objectId: string }>();
  let flushTimer: NodeJS.Timeout | undefined;
  sandbox.store.raw.onChange((change) => {
    const objectType = change.kind === 'associationChange' ? change.fromType : change.objectType;
    const objectId = change.kind === 'associationChange' ? change.fromId : change.objectId;
    pending.set(`${objectType}:${objectId}`, { objectType, objectId });
    flushTimer ??= setTimeout(() => {
      flushTimer = undefined;
      const changes = [...pending.values()];
      pending = new Map();
      const message = `data: ${JSON.stringify({ changes })}\n\n`;
      for (const listener of listeners) listener.write(message);
    }, 100);
  });

  const router = Router();
  router.get('/', (_req, res) => {
    void loadBundles();
    res.type('html').send(renderWorkspaceHtml());
  });
  router.get('/workspace/app.js', async (_req, res) => {
    res.type('application/javascript').send((await loadBundles()).app);
  });
  router.get('/workspace/cards/:file', async (req, res) => {
    const uid = req.params.file.replace(/\.js$/, '');
    const code = (await loadBundles()).cards.get(uid);
    if (!code) return notFound(res, `There is no card ${uid}.`);
    res.type('application/javascript').send(code);
  });
  router.get('/workspace/pages/:file', async (req, res) => {
    const uid = req.params.file.replace(/\.js$/, '');
    const code = (await loadBundles()).pages.get(uid);
    if (!code) return notFound(res, `There is no app page ${uid}.`);
    res.type('application/javascript').send(code);
  });

  const api = Router();
  api.use(express.json({ limit: '1mb' }));
  api.get('/app', (_req, res) => {
    res.json({
      portalId: sandbox.portalId,
      appId: sandbox.appId,
      serverUrl: deps.serverUrl,
      sandboxUrl: sandbox.url,
      userToken: sandbox.userToken,
      user: { id: sandbox.ui.userId, ...WORKSPACE_USER },
      appName: components.appName,
      cards: components.cards.map(({ uid, name, location, objectTypes }) => ({ uid, name, location, objectTypes })),
      pages: components.pages.map(({ uid, name }) => ({ uid, name })),
      workflowActions: components.workflowActions,
    });
  });
  api.get('/partners', (_req, res) => {
    res.json({ partners: records.partners() });
  });
  api.get('/companies/:id', async (req, res) => {
    const company = records.company(req.params.id);
    if (!company) return notFound(res, `The portal has no company ${req.params.id}.`);
    res.json({ ...company, audit: await deps.audit.forCompany(portalId, req.params.id, 50) });
  });
  api.get('/contacts/:id', async (req, res) => {
    const contact = records.contact(req.params.id);
    if (!contact) return notFound(res, `The portal has no contact ${req.params.id}.`);
    res.json({ ...contact, audit: await deps.audit.forContact(portalId, req.params.id, 50) });
  });
  api.get('/deals/:id', (req, res) => {
    const deal = records.deal(req.params.id);
    if (!deal) return notFound(res, `The portal has no deal ${req.params.id}.`);
    res.json(deal);
  });
  // A person's edit: through the sandbox's CRM API with the user's token, as HubSpot's UI would.
  api.patch('/:objectType/:id', async (req: Request<{ objectType: string; id: string }>, res) => {
    const objectType = req.params.objectType;
    if (objectType !== 'companies' && objectType !== 'contacts') return notFound(res, `No such record type: ${objectType}.`);
    if (!recordId.safeParse(req.params.id).success) return badRequest(res, 'The record id must be digits.');
    const parsed = editBody.safeParse(req.body);
    if (!parsed.success) return badRequest(res, 'Send {"properties": {"name": "value"}} with string values.');
    const inputs = records.inputNames(objectType);
    const refused = Object.keys(parsed.data.properties).filter((name) => !inputs.has(name));
    if (refused.length > 0) return badRequest(res, `Only inputs can be edited; ${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} written by the app.`);
    const answer = await fetch(`${sandbox.url}/crm/v3/objects/${objectType}/${req.params.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${sandbox.userToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: parsed.data.properties }),
    });
    res.status(answer.status).type('application/json').send(Buffer.from(await answer.arrayBuffer()));
  });
  api.get('/events', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    listeners.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      listeners.delete(res);
    });
  });
  api.post('/hubspot-fetch', async (req, res) => {
    const parsed = fetchBody.safeParse(req.body);
    if (!parsed.success) return void res.status(400).set('x-workspace-proxy-error', '1').send('hubspot.fetch needs a url');
    const result = await proxyHubSpotFetch(parsed.data, {
      clientSecret: deps.clientSecret,
      permittedOrigins: [new URL(deps.serverUrl).origin],
      identity: { userId: sandbox.ui.userId, userEmail: WORKSPACE_USER.email, appId: sandbox.appId, portalId: sandbox.portalId },
    });
    if (!result.ok) return void res.status(502).set('x-workspace-proxy-error', '1').type('text/plain').send(result.reason);
    res.status(result.status).type(result.contentType).send(result.body);
  });
  api.post('/workflow-actions/:uid/run', async (req: Request<{ uid: string }>, res) => {
    const action = components.workflowActions.find((candidate) => candidate.uid === req.params.uid);
    if (!action) return notFound(res, `There is no workflow action ${req.params.uid}.`);
    const parsed = runBody.safeParse(req.body);
    if (!parsed.success) return badRequest(res, 'Send {"objectId": "<digits>", "objectType": "COMPANY" | "CONTACT", "inputFields": {…}}.');
    if (!action.objectTypes.includes(parsed.data.objectType)) return badRequest(res, `${action.name} runs on ${action.objectTypes.join(', ')} records.`);
    const run = await runWorkflowActionAsHubSpot(action, parsed.data, {
      origin: deps.serverUrl,
      clientSecret: deps.clientSecret,
      portalId: sandbox.portalId,
      completedCallbacks: sandbox.callbacks.completed,
    });
    res.json(run);
  });
  api.get('/outbox', (_req, res) => {
    res.json({ messages: [...deps.outbox.entries].reverse().map(({ html: _html, ...message }) => message) });
  });
  api.get('/outbox/:id', (req, res) => {
    const message = deps.outbox.entries.find((entry) => String(entry.id) === req.params.id);
    if (!message) return notFound(res, `No message ${req.params.id}.`);
    res.type('html').send(message.html);
  });
  api.get('/calls', (_req, res) => {
    res.json(summarizeHubSpotCalls(sandbox.requests.entries, { max: deps.requestsPer10s, intervalMs: 10_000 }, Date.now()));
  });
  api.use((_req: Request, res: Response) => notFound(res, 'No such workspace endpoint.'));
  router.use('/workspace/api', api);
  return router;
}

/** Where the HubSpot project lives, relative to this file. */
export const DEFAULT_SRC_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../extensions');
