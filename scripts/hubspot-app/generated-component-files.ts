import { buildWebhooksMeta } from './build-webhooks-meta.js';

/** A component file generated from code: its path under the repository root and its exact text. */
export interface GeneratedFile {
  path: string;
  text: string;
}

function asJsonFile(path: string, value: unknown): GeneratedFile {
  return { path, text: `${JSON.stringify(value, null, 2)}\n` };
}

/** Every `*-hsmeta.json` that is generated rather than written by hand. */
export function generatedComponentFiles(): GeneratedFile[] {
  return [asJsonFile('extensions/app/webhooks/webhooks-hsmeta.json', buildWebhooksMeta())];
}
