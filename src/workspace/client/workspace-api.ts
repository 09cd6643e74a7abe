/// <reference lib="dom" />
import { useEffect, useRef, useState } from 'react';

/** What `/workspace/api/app` answers: the portal, the user and the app's components. */
export interface WorkspaceApp {
  portalId: number;
  appId: string;
  serverUrl: string;
  sandboxUrl: string;
  userToken: string;
  user: { id: number; firstName: string; lastName: string; email: string; locale: string };
  appName: string;
  cards: Array<{ uid: string; name: string; location: string; objectTypes: string[] }>;
  /** The app's pages component, when it has one (listed under the app's name, as HubSpot does). */
  pages: Array<{ uid: string; name: string }>;
  workflowActions: Array<{
    uid: string;
    name: string;
    description: string;
    objectTypes: string[];
    inputFields: Array<{ name: string; label: string; type: string; fieldType: string; required: boolean; options: Array<{ value: string; label: string }> }>;
    outputFields: Array<{ name: string; label: string }>;
  }>;
}

export class WorkspaceRequestError extends Error {}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`/workspace/api${path}`);
  if (!response.ok) throw new WorkspaceRequestError(`${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function sendJson<T>(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<T> {
  const response = await fetch(`/workspace/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const parsed = (await response.json().catch(() => null)) as (T & { message?: string; error?: { message?: string } }) | null;
  if (!response.ok) throw new WorkspaceRequestError(parsed?.error?.message ?? parsed?.message ?? `HTTP ${response.status}`);
  return parsed as T;
}

type Change = { objectType: string; objectId: string };
const subscribers = new Set<(changes: Change[]) => void>();
let source: EventSource | undefined;

/** Calls `onChange` with every batch of CRM changes the sandbox pushes (server-sent events). */
export function subscribeToChanges(onChange: (changes: Change[]) => void): () => void {
  if (!source) {
    source = new EventSource('/workspace/api/events');
    source.onmessage = (event) => {
      const { changes } = JSON.parse(String(event.data)) as { changes: Change[] };
      for (const subscriber of subscribers) subscriber(changes);
    };
  }
  subscribers.add(onChange);
  return () => subscribers.delete(onChange);
}

/**
 * Loads `path` and loads it again whenever a change matches `relevant` (or every `pollMs`), so the
 * page never needs a manual refresh.
 */
export function useLiveJson<T>(path: string, relevant: (changes: Change[]) => boolean, pollMs?: number): { data: T | undefined; error: string | undefined; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const relevantRef = useRef(relevant);
  relevantRef.current = relevant;
  useEffect(() => {
    let current = true;
    getJson<T>(path).then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(undefined);
      },
      (failure: unknown) => current && setError(String(failure)),
    );
    return () => {
      current = false;
    };
  }, [path, version]);
  useEffect(() => subscribeToChanges((changes) => relevantRef.current(changes) && setVersion((n) => n + 1)), []);
  useEffect(() => {
    if (!pollMs) return;
    const timer = setInterval(() => setVersion((n) => n + 1), pollMs);
    return () => clearInterval(timer);
  }, [pollMs]);
  useEffect(() => setData(undefined), [path]);
  return { data, error, reload: () => setVersion((n) => n + 1) };
}
