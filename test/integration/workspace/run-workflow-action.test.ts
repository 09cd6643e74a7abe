import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyV2, verifyV3 } from '../../../src/hubspot/webhook-signature.js';
import type { WorkflowActionComponent } from '../../../src/workspace/read-app-components.js';
import { runWorkflowActionAsHubSpot } from '../../../src/workspace/run-workflow-action-as-hubspot.js';

/* The workflow panel calls an action as HubSpot does: signed, with a callbackId; a BLOCK waits for its callback. */

const SECRET = 'workflow-secret';
let server: http.Server;
let origin: string;
let lastRequest: { url: string; headers: http.IncomingHttpHeaders; body: string } | undefined;
let answer: Record<string, string> = { hs_execution_state: 'SUCCESS', eligible: 'yes' };

const action: WorkflowActionComponent = {
  uid: 'check-tier-eligibility',
  name: 'Check tier eligibility',
  description: '',
  path: '/hubspot/actions/check-tier-eligibility',
  objectTypes: ['COMPANY'],
  inputFields: [],
  outputFields: [],
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      lastRequest = { url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ outputFields: answer }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('running a workflow action as HubSpot', () => {
  it('posts HubSpot\'s execution body, signed v2 and v3 with the client secret', async () => {
    answer = { hs_execution_state: 'SUCCESS', eligible: 'yes' };
    const run = await runWorkflowActionAsHubSpot(action, { objectId: '42', objectType: 'COMPANY', inputFields: { target_tier: 'gold' } }, { origin, clientSecret: SECRET, portalId: 62515, completedCallbacks: [] });
    expect(run.outputFields).toEqual({ hs_execution_state: 'SUCCESS', eligible: 'yes' });
    const body = JSON.parse(lastRequest!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ callbackId: run.callbackId, origin: { portalId: 62515 }, object: { objectId: 42, objectType: 'COMPANY' }, inputFields: { target_tier: 'gold' } });
    const url = `${origin}${lastRequest!.url}`;
    expect(() => verifyV2({ secret: SECRET, method: 'POST', url, rawBody: lastRequest!.body, signature: lastRequest!.headers['x-hubspot-signature'] })).not.toThrow();
    expect(() => verifyV3({ secret: SECRET, method: 'POST', url, rawBody: lastRequest!.body, signature: lastRequest!.headers['x-hubspot-signature-v3'], timestamp: lastRequest!.headers['x-hubspot-request-timestamp'] })).not.toThrow();
  });

  it('waits for the callback of a BLOCKed execution and shows what it completed with', async () => {
    answer = { hs_execution_state: 'BLOCK' };
    const completed: Array<{ callbackId: string; outputFields: Record<string, string> }> = [];
    const running = runWorkflowActionAsHubSpot(action, { objectId: '42', objectType: 'COMPANY', inputFields: {} }, { origin, clientSecret: SECRET, portalId: 62515, completedCallbacks: completed });
    // The backend completes it later through HubSpot's callback endpoint.
    setTimeout(() => {
      const callbackId = (JSON.parse(lastRequest!.body) as { callbackId: string }).callbackId;
      completed.push({ callbackId: 'someone-else', outputFields: { hs_execution_state: 'FAIL_CONTINUE' } });
      completed.push({ callbackId, outputFields: { hs_execution_state: 'SUCCESS', eligible: 'no' } });
    }, 150);
    const run = await running;
    expect(run.answer).toEqual({ hs_execution_state: 'BLOCK' });
    expect(run.callback).toEqual({ hs_execution_state: 'SUCCESS', eligible: 'no' });
    expect(run.outputFields).toEqual({ hs_execution_state: 'SUCCESS', eligible: 'no' });
  });

  it('reports a BLOCK whose callback never comes', async () => {
    answer = { hs_execution_state: 'BLOCK' };
    const run = await runWorkflowActionAsHubSpot(action, { objectId: '42', objectType: 'COMPANY', inputFields: {} }, { origin, clientSecret: SECRET, portalId: 62515, completedCallbacks: [], callbackTimeoutMs: 200 });
    expect(run.callback).toBeNull();
    expect(run.outputFields).toEqual({ hs_execution_state: 'BLOCK' });
  });
});
