/**
 * Data loaded from the API and loaded again when something says it changed (a socket event),
 * several changes in a burst becoming one reload. A 401 means the login has ended.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Refusal } from '../../../shared/api/authed-socket.ts';
import { ApiError } from '../../../shared/api/http.ts';

const COALESCE_MS = 150;

export interface LiveLoad<T> {
  data: T | null;
  error: unknown;
  refresh(): void;
}

export function useLiveLoad<T>(load: () => Promise<T>, onRefused: (refusal?: Refusal) => void): LiveLoad<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<number | undefined>(undefined);
  const alive = useRef(true);

  const run = useCallback(() => {
    load().then(
      (loaded) => {
        if (!alive.current) return;
        setData(loaded);
        setError(null);
      },
      (failure: unknown) => {
        if (!alive.current) return;
        if (failure instanceof ApiError && failure.status === 401) onRefused();
        else setError(failure);
      },
    );
  }, [load, onRefused]);

  const refresh = useCallback(() => {
    window.clearTimeout(pending.current);
    pending.current = window.setTimeout(run, COALESCE_MS);
  }, [run]);

  useEffect(() => {
    alive.current = true;
    run();
    return () => {
      alive.current = false;
      window.clearTimeout(pending.current);
    };
  }, [run]);

  return { data, error, refresh };
}
