/** The `/queue` socket for as long as the component lives, and typed event subscriptions on it. */
import { useEffect, useRef, useState } from 'react';
import { connectQueue, type QueueSocket } from '../api/queue-socket.ts';
import type { QueueServerEvents } from '../api/queue-types.ts';

export function useQueueSocket(): QueueSocket | null {
  const [socket, setSocket] = useState<QueueSocket | null>(null);
  useEffect(() => {
    const connected = connectQueue();
    setSocket(connected);
    return () => {
      connected.disconnect();
    };
  }, []);
  return socket;
}

/** Calls the latest `handler` for every `event`; re-renders do not resubscribe. */
export function useQueueEvent<E extends keyof QueueServerEvents>(socket: QueueSocket | null, event: E, handler: QueueServerEvents[E]): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<QueueServerEvents[E]>) => (latest.current as (...a: typeof args) => void)(...args)) as QueueServerEvents[E];
    // socket.io's typed `on` cannot relate a generic event name to its listener; the cast is safe.
    (socket.on as (name: E, fn: QueueServerEvents[E]) => void)(event, listener);
    return () => {
      (socket.off as (name: E, fn: QueueServerEvents[E]) => void)(event, listener);
    };
  }, [socket, event]);
}
