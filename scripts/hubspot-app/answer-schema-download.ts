import { http } from '@hubspot/local-dev-lib/http';

const SCHEMA_PATH = /^project-components-external\/project-schemas\/v3\/(.+)$/;

/** What the parser asked for while the local answer was in place. */
export interface SchemaDownloadLog {
  requests: string[];
}

/**
 * Answers the project parser's one network call, the component-schema download through
 * `@hubspot/local-dev-lib`'s `http.get`, from `schemasByVersion` instead of HubSpot. An unknown
 * platform version answers 404 (as HubSpot would) and any other request fails loudly, so nothing
 * else the parser does can quietly depend on the network. Returns a function that puts the real
 * `http.get` back.
 */
export function answerSchemaDownloadLocally(
  schemasByVersion: Record<string, Record<string, unknown>>,
  log: SchemaDownloadLog = { requests: [] },
): () => void {
  const original = http.get;
  const answer = async (_accountId: number, options: { url?: string }) => {
    const url = options.url ?? '';
    log.requests.push(url);
    const match = SCHEMA_PATH.exec(url);
    if (!match) throw new Error(`unexpected HubSpot request during offline validation: GET ${url}`);
    const schemas = schemasByVersion[match[1] ?? ''];
    if (!schemas) {
      throw Object.assign(new Error(`no local component schemas for platform version ${match[1]}`), { status: 404 });
    }
    return { data: schemas, status: 200, statusText: 'OK', headers: {}, config: {} };
  };
  http.get = answer as unknown as typeof http.get;
  return () => {
    http.get = original;
  };
}
