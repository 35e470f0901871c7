/**
 * Loading and actions whose results arrive after the component may be gone (a kiosk reset, a
 * new screen): late results are dropped instead of updating a screen nobody is looking at.
 */
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export type AsyncState<T> = { status: 'idle' } | { status: 'pending' } | { status: 'error'; error: unknown } | { status: 'done'; value: T };

/** Runs `load` on mount and whenever `deps` change; `reload()` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): AsyncState<T> & { reload(): void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'pending' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState({ status: 'pending' });
    load().then(
      (value) => current && setState({ status: 'done', value }),
      (error: unknown) => current && setState({ status: 'error', error }),
    );
    return () => {
      current = false;
    };
    // The caller names what `load` depends on (like useEffect's own dependency list).
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * An action started by the user. `run` resolves with its outcome, or with null when the
 * component has gone meanwhile (then nothing should follow from it).
 */
export function useAction<T>(): [AsyncState<T>, (action: () => Promise<T>) => Promise<Outcome<T> | null>] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'idle' });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async (action: () => Promise<T>): Promise<Outcome<T> | null> => {
    setState({ status: 'pending' });
    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await action() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (!mounted.current) return null;
    setState(outcome.ok ? { status: 'done', value: outcome.value } : { status: 'error', error: outcome.error });
    return outcome;
  }, []);
  return [state, run];
}
