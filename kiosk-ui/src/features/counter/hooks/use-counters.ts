/**
 * The counters as the hub sees them, refreshed whenever the queue changes (the public `/queue`
 * board is the change signal) and after each action here. A 401 means the login has ended.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../shared/api/http.ts';
import type { CounterView } from '../../../shared/api/queue-types.ts';
import { useQueueEvent, useQueueSocket } from '../../../shared/hooks/use-queue-socket.ts';
import type { CounterApi } from '../api/counter-api.ts';

/** Several board changes in a burst become one reload. */
const COALESCE_MS = 150;

export function useCounters(api: CounterApi, onExpired: () => void): { counters: CounterView[] | null; error: unknown; refresh(): void } {
  const [counters, setCounters] = useState<CounterView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<number | undefined>(undefined);
  const alive = useRef(true);

  const load = useCallback(() => {
    api.counters().then(
      (loaded) => {
        if (!alive.current) return;
        setCounters(loaded);
        setError(null);
      },
      (failure: unknown) => {
        if (!alive.current) return;
        if (failure instanceof ApiError && failure.status === 401) onExpired();
        else setError(failure);
      },
    );
  }, [api, onExpired]);

  const refresh = useCallback(() => {
    window.clearTimeout(pending.current);
    pending.current = window.setTimeout(load, COALESCE_MS);
  }, [load]);

  useEffect(() => {
    alive.current = true;
    load();
    return () => {
      alive.current = false;
      window.clearTimeout(pending.current);
    };
  }, [load]);

  const socket = useQueueSocket();
  useQueueEvent(socket, 'board', refresh);
  return { counters, error, refresh };
}
