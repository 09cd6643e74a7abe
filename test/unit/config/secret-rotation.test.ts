import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { signatureSecrets } from '../../../src/hubspot/signature-secrets.js';
import { resolveLinkSigningSecrets } from '../../../src/training/create-training.js';

const production = { HUBSPOT_ACCESS_TOKEN: 'pat-na1-x', HUBSPOT_CLIENT_SECRET: 'client-new' };

describe('secrets during a rotation', () => {
  it('checks signatures with the current client secret, then HUBSPOT_CLIENT_SECRET_PREVIOUS', () => {
    expect(signatureSecrets(loadConfig({ ...production, HUBSPOT_CLIENT_SECRET_PREVIOUS: 'client-old' }).hubspot)).toEqual(['client-new', 'client-old']);
    expect(signatureSecrets(loadConfig({ ...production, HUBSPOT_CLIENT_SECRET_PREVIOUS: '' }).hubspot)).toEqual(['client-new']);
  });

  it('signs links with LINK_SIGNING_SECRET and still verifies LINK_SIGNING_SECRET_PREVIOUS', () => {
    const config = loadConfig({ ...production, LINK_SIGNING_SECRET: 'link-new', LINK_SIGNING_SECRET_PREVIOUS: 'link-old', HUBSPOT_CLIENT_SECRET_PREVIOUS: 'client-old' });

    expect(resolveLinkSigningSecrets(config)).toEqual({ signingSecret: 'link-new', previousSigningSecret: 'link-old' });
  });

  it('verifies links with the previous client secret when links follow the client secret', () => {
    const config = loadConfig({ ...production, HUBSPOT_CLIENT_SECRET_PREVIOUS: 'client-old' });

    expect(resolveLinkSigningSecrets(config)).toEqual({ signingSecret: 'client-new', previousSigningSecret: 'client-old' });
  });

  it('does not take the previous client secret for links that have their own secret', () => {
    const config = loadConfig({ ...production, LINK_SIGNING_SECRET: 'link-new', HUBSPOT_CLIENT_SECRET_PREVIOUS: 'client-old' });

    expect(resolveLinkSigningSecrets(config)).toEqual({ signingSecret: 'link-new' });
  });
});
