/**
 * The person's own presence as the hub holds it: read with `GET /staff/me/presence` when the page
 * opens, then followed on the `/staff` socket, which sends it on every connect and whenever it
 * changes, wherever that happened (this phone, the floor manager, a counter they opened, a
 * dispatch they accepted or resolved). When answers cross, the most recently updated one wins.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Refusal } from '../../../shared/api/authed-socket.ts';
import type { PresenceView, StaffServerEvents } from '../../../shared/api/dispatch-types.ts';
import { ApiError } from '../../../shared/api/http.ts';
import { useSocketEvent, type AuthedSocket } from '../../../shared/hooks/use-authed-socket.ts';
import type { StaffApi } from '../api/staff-api.ts';

/** ISO times of one format compare as text; someone who never set one (null) is oldest. */
function newer(current: PresenceView | null, next: PresenceView): PresenceView {
  return current && (current.updatedAt ?? '') > (next.updatedAt ?? '') ? current : next;
}

export function useMyPresence(api: StaffApi, socket: AuthedSocket<StaffServerEvents> | null, onRefused: (refusal?: Refusal) => void): [PresenceView | null, (presence: PresenceView) => void] {
  const [presence, setPresence] = useState<PresenceView | null>(null);
  const show = useCallback((next: PresenceView) => setPresence((current) => newer(current, next)), []);

  useEffect(() => {
    let alive = true;
    api.myPresence().then(
      (loaded) => alive && show(loaded),
      // Other failures are answered by the socket, which sends the presence when it connects.
      (failure: unknown) => {
        if (alive && failure instanceof ApiError && failure.status === 401) onRefused();
      },
    );
    return () => {
      alive = false;
    };
  }, [api, show, onRefused]);

  useSocketEvent(socket, 'presence', show);
  return [presence, show];
}
