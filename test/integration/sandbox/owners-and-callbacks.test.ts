import { describe, expect, it } from 'vitest';
import { apiError } from '../../support/sandbox-api-error.js';
import { useSandbox } from '../../support/sandbox-fixture.js';

const { sandbox, client } = useSandbox({ seed: 'demo' });

describe('owners', () => {
  it('lists the demo owners', async () => {
    const page = await client().crm.owners.ownersApi.getPage();
    expect(page.results.map((o) => o.email)).toEqual(sandbox().store.owners.map((o) => o.email));
  });

  it('finds an owner by email', async () => {
    const page = await client().crm.owners.ownersApi.getPage('sam.rivera@vendor.example');
    expect(page.results).toHaveLength(1);
    expect(page.results[0]?.firstName).toBe('Sam');
  });

  it('reads one owner by id, and answers 404 for an unknown one', async () => {
    const owner = sandbox().store.owners[0]!;
    expect((await client().crm.owners.ownersApi.getById(Number(owner.id))).email).toBe(owner.email);
    expect((await apiError(client().crm.owners.ownersApi.getById(404))).code).toBe(404);
  });

  it('serves owners added by a test', async () => {
    const added = sandbox().store.addOwner({ email: 'new.owner@vendor.example', firstName: 'New' });
    expect((await client().crm.owners.ownersApi.getById(Number(added.id))).firstName).toBe('New');
  });
});

describe('workflow action callbacks', () => {
  it('completes one callback with 204 and records its output fields', async () => {
    const response = await client().automation.actions.callbacksApi.completeWithHttpInfo('cb-1001', { outputFields: { hs_execution_state: 'SUCCESS', assigned: 'true' } });
    expect(response.httpStatusCode).toBe(204);
    expect(sandbox().callbacks.completed.find((c) => c.callbackId === 'cb-1001')?.outputFields).toEqual({ hs_execution_state: 'SUCCESS', assigned: 'true' });
  });

  it('completes a batch of callbacks with 204', async () => {
    await client().automation.actions.callbacksApi.completeBatch({
      inputs: [
        { callbackId: 'cb-2001', outputFields: { hs_execution_state: 'SUCCESS' } },
        { callbackId: 'cb-2002', outputFields: { hs_execution_state: 'FAIL_CONTINUE' } },
      ],
    });
    expect(sandbox().callbacks.completed.filter((c) => c.callbackId.startsWith('cb-2')).map((c) => c.outputFields.hs_execution_state)).toEqual(['SUCCESS', 'FAIL_CONTINUE']);
  });
});
