import { useCallback, useEffect, useRef, useState } from 'react';
import { CardRequestError } from './api.js';
import { BACKEND_ORIGIN_VARIABLE } from './backend-origin.js';

export type CardDataState<T> =
  | { status: 'loading' }
  | { status: 'success'; data: T }
  | { status: 'error'; error: CardRequestError };

export interface CardData<T> {
  state: CardDataState<T>;
  /** Loads again (the error state's retry). */
  reload: () => void;
  /** Replaces the data without a request (an action answered a fresh copy). */
  replace: (data: T) => void;
}

function asRequestError(error: unknown): CardRequestError {
  if (error instanceof CardRequestError) return error;
  return new CardRequestError('UNEXPECTED', error instanceof Error ? error.message : String(error), null);
}

const NOT_CONFIGURED = new CardRequestError(
  'NOT_CONFIGURED',
  `The app's upload profile does not define ${BACKEND_ORIGIN_VARIABLE}, so the card does not know where the partner enablement service is.`,
  null,
);

/**
 * Loads a card's data once per `key` and again on `reload`. A null `load` means the card cannot
 * ask (no backend configured): that is an error state, and no request is made.
 */
export function useCardData<T>(key: string, load: (() => Promise<T>) | null): CardData<T> {
  const [state, setState] = useState<CardDataState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // `load` is a new closure on every render; `key` and `attempt` say when to ask again.
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const currentLoad = loadRef.current;
    if (!currentLoad) {
      setState({ status: 'error', error: NOT_CONFIGURED });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    currentLoad().then(
      (data) => current && setState({ status: 'success', data }),
      (error: unknown) => current && setState({ status: 'error', error: asRequestError(error) }),
    );
    return () => {
      current = false;
    };
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const replace = useCallback((data: T) => setState({ status: 'success', data }), []);
  return { state, reload, replace };
}
