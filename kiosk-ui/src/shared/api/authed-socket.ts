/**
 * A socket.io namespace that needs a signed-in person (`/floor`, `/staff`), on the page's own
 * origin. socket.io reconnects by itself; the connection state feeds the offline banner, and a
 * refused token is reported so the page can ask to sign in again.
 */
import { io, type Socket } from 'socket.io-client';
import { connectivity } from './connectivity.ts';

// socket.io's EventsMap: listeners of any arguments.
type EventsMap = Record<string, (...args: never[]) => void>;

/** Why the hub refused the socket: the login ended, or it may not use this namespace. */
export type Refusal = 'expired' | 'forbidden';

export function connectAuthed<Events extends EventsMap>(namespace: string, token: string, onRefused: (refusal: Refusal) => void): Socket<Events, Record<string, never>> {
  const socket: Socket<Events, Record<string, never>> = io(namespace, { auth: { token }, reconnectionDelayMax: 5000 });
  socket.on('connect', connectivity.markReachable);
  socket.on('connect_error', (error) => {
    // The hub answered, but refused this login (expired, signed out elsewhere): no retry helps.
    if (error.message.startsWith('unauthorized')) onRefused('expired');
    else if (error.message.startsWith('forbidden')) onRefused('forbidden');
    else connectivity.markUnreachable();
  });
  socket.on('disconnect', (reason) => {
    // The hub ends a socket whose login ended: connecting again tells why (refused above).
    if (reason === 'io server disconnect') socket.connect();
    // A disconnect we asked for (page leaving) says nothing about the hub.
    else if (reason !== 'io client disconnect') connectivity.markUnreachable();
  });
  return socket;
}
