/// <reference lib="dom" />

/** `hubspot.fetch`'s options. */
export interface CardFetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  timeout?: number;
}

/**
 * `hubspot.fetch`: like HubSpot, the request leaves through the platform's proxy (the
 * workspace's `/workspace/api/hubspot-fetch`), which signs it, adds HubSpot's query parameters
 * and keeps its limits; the card gets a standard Response.
 */
export async function cardFetch(url: string, options: CardFetchOptions = {}): Promise<Response> {
  const answer = await fetch('/workspace/api/hubspot-fetch', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url, method: options.method ?? 'GET', body: options.body, timeout: options.timeout }),
  });
  if (answer.headers.get('x-workspace-proxy-error')) {
    // The proxy refused the request or could not get an answer in time: HubSpot rejects the fetch.
    throw new TypeError(`hubspot.fetch failed: ${await answer.text()}`);
  }
  return new Response(await answer.arrayBuffer(), {
    status: answer.status,
    headers: { 'content-type': answer.headers.get('content-type') ?? 'application/json' },
  });
}
