import { useCallback, useEffect, useRef, useState } from 'react';
import { BACKEND_ORIGIN_VARIABLE, PageRequestError } from './api.js';

export type PageDataState<T> = { status: 'loading' } | { status: 'success'; data: T } | { status: 'error'; error: PageRequestError };

const NOT_CONFIGURED = new PageRequestError(
  'NOT_CONFIGURED',
  `The app's upload profile does not define ${BACKEND_ORIGIN_VARIABLE}, so the page does not know where the partner enablement service is.`,
  null,
);

/** Loads the page's data once and again on `reload`; a null `load` (no backend configured) is an error, with no request. */
export function usePageData<T>(load: (() => Promise<T>) | null): { state: PageDataState<T>; reload: () => void } {
  const [state, setState] = useState<PageDataState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // `load` is a new closure on every render; `attempt` says when to ask again.
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const load = loadRef.current;
    if (!load) {
      setState({ status: 'error', error: NOT_CONFIGURED });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    load().then(
      (data) => current && setState({ status: 'success', data }),
      (error: unknown) =>
        current &&
        setState({
          status: 'error',
          error: error instanceof PageRequestError ? error : new PageRequestError('UNEXPECTED', error instanceof Error ? error.message : String(error), null),
        }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}
