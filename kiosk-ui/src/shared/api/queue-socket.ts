/**
 * The public, read-only socket.io namespace `/queue` on the page's own origin. socket.io
 * reconnects by itself; the connection state feeds the offline banner.
 */
import { io, type Socket } from 'socket.io-client';
import { connectivity } from './connectivity.ts';
import type { QueueClientEvents, QueueServerEvents } from './queue-types.ts';

export type QueueSocket = Socket<QueueServerEvents, QueueClientEvents>;

export function connectQueue(): QueueSocket {
  const socket: QueueSocket = io('/queue', { reconnectionDelayMax: 5000 });
  socket.on('connect', connectivity.markReachable);
  socket.on('connect_error', connectivity.markUnreachable);
  socket.on('disconnect', (reason) => {
    // A disconnect we asked for (page leaving) says nothing about the hub.
    if (reason !== 'io client disconnect') connectivity.markUnreachable();
  });
  return socket;
}
