/**
 * The customer's ticket, live: read once by its secret code, then followed on socket.io
 * `/queue` (every change of status, position or prediction arrives as `ticket`). After a
 * reconnect the socket follows again and the answer brings the page up to date.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiRequest, isBusy } from '../../../shared/api/http.ts';
import type { TicketView } from '../../../shared/api/queue-types.ts';
import { useQueueEvent, useQueueSocket } from '../../../shared/hooks/use-queue-socket.ts';

export type FollowedTicket = { status: 'loading' } | { status: 'missing' } | { status: 'unreachable' } | { status: 'busy' } | { status: 'ready'; ticket: TicketView };

export function useFollowedTicket(code: string): [FollowedTicket, (ticket: TicketView) => void] {
  const [state, setState] = useState<FollowedTicket>({ status: 'loading' });
  const socket = useQueueSocket();
  const show = useCallback((ticket: TicketView) => setState({ status: 'ready', ticket }), []);

  useEffect(() => {
    let current = true;
    apiRequest<TicketView>(`/queue/tickets/by-code/${encodeURIComponent(code)}`).then(
      (ticket) => current && show(ticket),
      (error: unknown) => {
        if (!current) return;
        const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
        setState((previous) => (previous.status === 'ready' ? previous : { status: missing ? 'missing' : isBusy(error) ? 'busy' : 'unreachable' }));
      },
    );
    return () => {
      current = false;
    };
  }, [code, show]);

  useEffect(() => {
    if (!socket) return;
    const follow = () =>
      socket.emit('follow', code, (answer) => {
        if (answer.ok) show(answer.ticket);
      });
    socket.on('connect', follow);
    if (socket.connected) follow();
    return () => {
      socket.off('connect', follow);
    };
  }, [socket, code, show]);

  useQueueEvent(socket, 'ticket', (ticket) => {
    if (ticket.code === code) show(ticket);
  });
  return [state, show];
}
