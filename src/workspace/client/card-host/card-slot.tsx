/// <reference lib="dom" />
import { useEffect, useState, type ReactNode } from 'react';
import type { WorkspaceApp } from '../workspace-api.js';
import { ExtensionBoundary } from './extension-boundary.js';
import { loadExtension, type CardActions, type CardContext, type ExtensionArguments } from './extension-registry.js';

const OBJECT_TYPE_IDS: Record<string, string> = { companies: '0-2', contacts: '0-1', deals: '0-3' };

/**
 * Renders one card of the app for a record, as HubSpot does: loads its bundle, calls the
 * `hubspot.extend` callback with the record's context and the host's actions.
 */
export function CardSlot(props: {
  app: WorkspaceApp;
  card: WorkspaceApp['cards'][number];
  objectType: 'companies' | 'contacts' | 'deals';
  objectId: string;
  onRefreshProperties: () => void;
}) {
  const { app, card, objectType, objectId } = props;
  const [render, setRender] = useState<{ extend: (args: ExtensionArguments) => ReactNode } | { error: string }>();
  useEffect(() => {
    loadExtension(card.uid, `/workspace/cards/${card.uid}.js`).then(
      (extend) => setRender({ extend }),
      (error: unknown) => setRender({ error: String(error) }),
    );
  }, [card.uid]);
  const context: CardContext = {
    location: card.location,
    portal: { id: app.portalId, timezone: 'UTC' },
    user: { id: app.user.id, email: app.user.email, firstName: app.user.firstName, lastName: app.user.lastName, locale: app.user.locale },
    crm: { objectId: Number(objectId), objectTypeId: OBJECT_TYPE_IDS[objectType] ?? '0-2' },
    variables: { PUBLIC_BASE_URL: app.serverUrl },
    extension: { appId: Number(app.appId), appName: 'Partner Enablement' },
  };
  const actions: CardActions = {
    refreshObjectProperties: props.onRefreshProperties,
    onCrmPropertiesUpdate: () => undefined,
    addAlert: (alert) => window.alert(alert.message),
    reloadPage: () => window.location.reload(),
  };
  return (
    <section className="card-frame" data-testid={`card-${card.uid}`} aria-label={card.name}>
      <div className="card-title">
        <span>{card.name}</span>
        <span className="muted small">app card</span>
      </div>
      {!render ? <p className="muted">Loading the card…</p> : 'error' in render ? <p role="alert">{render.error}</p> : <ExtensionBoundary label="card">{render.extend({ context, actions })}</ExtensionBoundary>}
    </section>
  );
}
