import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_DIR } from './project-copy.js';

interface AppMeta {
  config: {
    distribution: string;
    auth: { type: string; requiredScopes: string[]; optionalScopes: string[] };
    permittedUrls: { fetch: string[] };
  };
}
interface CardMeta {
  config: { location: string; objectTypes: string[]; entrypoint: string };
}
interface Profile {
  variables: Record<string, unknown>;
}

const readJson = async <T>(relativePath: string): Promise<T> =>
  JSON.parse(await readFile(path.join(PROJECT_DIR, relativePath), 'utf8')) as T;

describe('the app component and its profiles', () => {
  it('is a privately distributed app with a static token', async () => {
    const { config } = await readJson<AppMeta>('extensions/app/app-hsmeta.json');

    expect(config.distribution).toBe('private');
    expect(config.auth.type).toBe('static');
  });

  it('asks only for the scopes the backend uses', async () => {
    const { config } = await readJson<AppMeta>('extensions/app/app-hsmeta.json');

    expect([...config.auth.requiredScopes].sort()).toEqual([
      'automation',
      'crm.objects.companies.read',
      'crm.objects.companies.write',
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'crm.objects.deals.read',
      'crm.objects.deals.write',
      'crm.schemas.companies.write',
      'crm.schemas.contacts.write',
      'crm.schemas.deals.write',
      'oauth',
    ]);
    expect(config.auth.optionalScopes).toEqual([]);
  });

  it('asks for the oauth scope, which GET /account-info/v3/details (the portal id at start) needs', async () => {
    const { config } = await readJson<AppMeta>('extensions/app/app-hsmeta.json');

    expect(config.auth.requiredScopes).toContain('oauth');
  });

  it('lets cards fetch only from the backend origin of the upload profile', async () => {
    const { config } = await readJson<AppMeta>('extensions/app/app-hsmeta.json');

    expect(config.permittedUrls.fetch).toEqual(['${PUBLIC_BASE_URL}']);
  });

  it('has profiles that each set an HTTPS backend origin without a trailing slash', async () => {
    const profiles = (await readdir(path.join(PROJECT_DIR, 'extensions'))).filter((name) => /^hsprofile\..+\.json$/.test(name));

    expect(profiles.sort()).toEqual(['hsprofile.development.json', 'hsprofile.production.json']);
    for (const profile of profiles) {
      const { variables } = await readJson<Profile>(path.join('extensions', profile));
      expect(variables.PUBLIC_BASE_URL).toMatch(/^https:\/\/[^/]+$/);
    }
  });

  it('puts the company card on the company record tab and the contact card in the contact sidebar', async () => {
    const company = await readJson<CardMeta>('extensions/app/cards/partner-enablement-hsmeta.json');
    const contact = await readJson<CardMeta>('extensions/app/cards/contact-enablement-hsmeta.json');

    expect(company.config).toMatchObject({ location: 'crm.record.tab', objectTypes: ['companies'], entrypoint: '/app/cards/partner-enablement.tsx' });
    expect(contact.config).toMatchObject({ location: 'crm.record.sidebar', objectTypes: ['contacts'], entrypoint: '/app/cards/contact-enablement.tsx' });
  });
});
