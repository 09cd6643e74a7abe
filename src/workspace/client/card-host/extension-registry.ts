/// <reference lib="dom" />
import type { ReactNode } from 'react';

/** What HubSpot hands a card's or app page's `hubspot.extend` callback. */
export interface ExtensionArguments {
  context: CardContext | PageContext;
  actions: CardActions | PageActions;
}

export interface CardContext {
  location: string;
  portal: { id: number; timezone: string };
  user: { id: number; email: string; firstName: string; lastName: string; locale: string };
  crm: { objectId: number; objectTypeId: string };
  variables: Record<string, string>;
  extension: { appId: number; appName: string };
}

/** An app page's context (`PagesContext`): no record, the location `pages`. */
export interface PageContext {
  location: 'pages';
  portal: { id: number; timezone: string };
  user: { id: number; email: string; emails: string[]; firstName: string; lastName: string; locale: string; roles: string[]; teams: never[]; permissions: string[] };
  variables: Record<string, string>;
  extension: { appId: number; appName: string };
}

export interface PageActions {
  addAlert(alert: { title?: string; message: string; type?: string }): void;
  reloadPage(): void;
}

export interface CardActions {
  refreshObjectProperties(): void;
  onCrmPropertiesUpdate(properties: string[], callback: () => void): void;
  addAlert(alert: { title?: string; message: string; type?: string }): void;
  reloadPage(): void;
}

type Extension = (args: ExtensionArguments) => ReactNode;

const LOADING_KEY = '__workspaceLoadingCard';
const extensions = new Map<string, Extension>();
const waiters = new Map<string, Array<(extension: Extension) => void>>();

/** `hubspot.extend`: a card bundle's banner names the card it is, so the callback is filed under it. */
export function registerExtension(extension: Extension): void {
  const cardId = (globalThis as Record<string, unknown>)[LOADING_KEY];
  if (typeof cardId !== 'string') throw new Error('hubspot.extend was called outside a card bundle');
  extensions.set(cardId, extension);
  for (const resolve of waiters.get(cardId) ?? []) resolve(extension);
  waiters.delete(cardId);
}

/** The card's registered callback, loading its bundle once. */
export function loadExtension(cardId: string, bundleUrl: string): Promise<Extension> {
  const known = extensions.get(cardId);
  if (known) return Promise.resolve(known);
  return new Promise((resolve, reject) => {
    const queue = waiters.get(cardId);
    if (queue) return void queue.push(resolve);
    waiters.set(cardId, [resolve]);
    const script = document.createElement('script');
    script.src = bundleUrl;
    script.onerror = () => reject(new Error(`card ${cardId} could not be loaded`));
    document.head.appendChild(script);
  });
}
