/**
 * A signed-in socket.io namespace for as long as the component lives (one per token), and typed
 * event subscriptions on it.
 */
import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { connectAuthed, type Refusal } from '../api/authed-socket.ts';

type EventsMap = Record<string, (...args: never[]) => void>;
export type AuthedSocket<Events extends EventsMap> = Socket<Events, Record<string, never>>;

export function useAuthedSocket<Events extends EventsMap>(namespace: string, token: string, onRefused: (refusal: Refusal) => void): AuthedSocket<Events> | null {
  const [socket, setSocket] = useState<AuthedSocket<Events> | null>(null);
  const refused = useRef(onRefused);
  refused.current = onRefused;
  useEffect(() => {
    const connected = connectAuthed<Events>(namespace, token, (refusal) => refused.current(refusal));
    setSocket(connected);
    return () => {
      connected.disconnect();
    };
  }, [namespace, token]);
  return socket;
}

/** Calls the latest `handler` for every `event`; re-renders do not resubscribe. */
export function useSocketEvent<Events extends EventsMap, E extends keyof Events & string>(socket: AuthedSocket<Events> | null, event: E, handler: Events[E]): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = (...args: unknown[]) => (latest.current as unknown as (...a: unknown[]) => void)(...args);
    // socket.io's typed `on` cannot relate a generic event name to its listener; the cast is safe.
    const target = socket as unknown as { on(name: string, fn: (...args: unknown[]) => void): void; off(name: string, fn: (...args: unknown[]) => void): void };
    target.on(event, listener);
    return () => target.off(event, listener);
  }, [socket, event]);
}
