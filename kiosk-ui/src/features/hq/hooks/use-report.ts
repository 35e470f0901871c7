/**
 * One report loaded for the current filters, loaded again when they change. While a new answer
 * is on its way the previous one stays on screen (marked as updating), so changing a filter or
 * the sort does not blank the page. A late answer to filters no longer shown is dropped. The
 * login ends when the hub says it is no longer valid (401) or not for this page (403).
 */
import { useCallback, useEffect, useState, type DependencyList } from 'react';
import type { Refusal } from '../../../shared/api/authed-socket.ts';
import { ApiError } from '../../../shared/api/http.ts';

export interface Report<T> {
  /** The latest answer, possibly for the previous filters while `updating`. */
  value: T | null;
  updating: boolean;
  error: unknown;
  reload(): void;
}

export function useReport<T>(load: () => Promise<T>, deps: DependencyList, onRefused: (refusal?: Refusal) => void): Report<T> {
  const [value, setValue] = useState<T | null>(null);
  const [updating, setUpdating] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setUpdating(true);
    load().then(
      (loaded) => {
        if (!current) return;
        setValue(loaded);
        setError(null);
        setUpdating(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure);
        setUpdating(false);
        if (failure instanceof ApiError && failure.status === 401) onRefused('expired');
        else if (failure instanceof ApiError && failure.status === 403) onRefused('forbidden');
      },
    );
    return () => {
      current = false;
    };
    // The caller names what `load` depends on, like useEffect's own list.
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((count) => count + 1), []);
  return { value, updating, error, reload };
}
