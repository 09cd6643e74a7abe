// Test support for the cards: JSON answers as hubspot.fetch returns them, and a renderer with the
// backend origin set the way an upload profile sets it.
import { createRenderer } from '@hubspot/ui-extensions/testing';

export const BACKEND = 'https://enablement.test';

/** A hubspot.fetch answer: a fetch Response with a JSON body. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A renderer for a CRM card location with portal 123, record 123 and the profile's backend origin. */
export function renderCard<L extends 'crm.record.tab' | 'crm.record.sidebar'>(location: L, origin: string | null = BACKEND) {
  const renderer = createRenderer(location);
  renderer.mocks.context.variables = origin === null ? {} : { PUBLIC_BASE_URL: origin };
  return renderer;
}

/** The parsed URL and options of one hubspot.fetch call. */
export function describeCall(call: unknown[]): { url: URL; method: string | undefined; body: unknown } {
  const [url, options] = call as [string, { method?: string; body?: unknown } | undefined];
  return { url: new URL(url), method: options?.method, body: options?.body };
}

interface TextTree {
  text: string | null;
  childNodes?: TextTree[];
}

/** All text under a rendered node (a node's own `text` holds only its direct text children). */
export function textOf(node: TextTree): string {
  if (!node.childNodes) return node.text ?? '';
  return node.childNodes.map(textOf).join(' ');
}

interface SelectNode {
  trigger(event: 'onChange', value?: never): void;
}

/**
 * Picks a value in a rendered Select. The test kit passes `trigger`'s argument to the handler, but
 * types it as the handler itself, so the value is cast here once.
 */
export function choose(select: SelectNode, value: string): void {
  select.trigger('onChange', value as never);
}
