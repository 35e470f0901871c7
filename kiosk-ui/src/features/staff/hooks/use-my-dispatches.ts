/**
 * The signed-in person's dispatches, live. The `/staff` socket sends the whole list on every
 * connect (so a reload or a reconnect loses nothing) and `dispatch` on every change of one of
 * theirs; a change is read back from `GET /dispatches/mine`, the list the hub holds, so an offer
 * that moved on to someone else leaves this phone too. A new offer calls `onNewOffer`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Refusal } from '../../../shared/api/authed-socket.ts';
import type { DispatchView, StaffServerEvents } from '../../../shared/api/dispatch-types.ts';
import { ApiError } from '../../../shared/api/http.ts';
import { useSocketEvent, type AuthedSocket } from '../../../shared/hooks/use-authed-socket.ts';
import type { StaffApi } from '../api/staff-api.ts';
import { takeNewOffers, tasksInOrder } from '../dispatch-list.ts';

const COALESCE_MS = 100;

export function useMyDispatches(
  api: StaffApi,
  socket: AuthedSocket<StaffServerEvents> | null,
  onRefused: (refusal?: Refusal) => void,
  onNewOffer: (offer: DispatchView) => void,
): { tasks: DispatchView[] | null; reload(): void } {
  const [tasks, setTasks] = useState<DispatchView[] | null>(null);
  const seen = useRef(new Set<string>());
  const pending = useRef<number | undefined>(undefined);
  const alive = useRef(true);
  const notify = useRef(onNewOffer);
  notify.current = onNewOffer;

  const show = useCallback((list: DispatchView[]) => {
    for (const offer of takeNewOffers(seen.current, list)) notify.current(offer);
    setTasks(tasksInOrder(list));
  }, []);

  const reload = useCallback(() => {
    window.clearTimeout(pending.current);
    pending.current = window.setTimeout(() => {
      api.mine().then(
        (list) => alive.current && show(list),
        (failure: unknown) => {
          if (alive.current && failure instanceof ApiError && failure.status === 401) onRefused();
        },
      );
    }, COALESCE_MS);
  }, [api, show, onRefused]);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      window.clearTimeout(pending.current);
    };
  }, []);

  useSocketEvent(socket, 'dispatches', show);
  useSocketEvent(socket, 'dispatch', reload);
  return { tasks, reload };
}
