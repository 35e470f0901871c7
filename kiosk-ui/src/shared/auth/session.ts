/**
 * Signing in to a staff screen. The token lives in sessionStorage under the page's own key: it
 * survives a reload but not closing the tab, and no other site or tab can read it.
 */
import { useCallback, useState } from 'react';
import type { Refusal } from '../api/authed-socket.ts';
import { apiRequest } from '../api/http.ts';

export interface Login {
  token: string;
  expiresAt: string;
  role: string;
  displayName: string;
}

export const login = (username: string, password: string) => apiRequest<Login>('/auth/login', { json: { username, password } });
export const logout = (token: string) => apiRequest<null>('/auth/logout', { method: 'POST', token });

function stored(storageKey: string): Login | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as Login | null;
    return saved && Date.parse(saved.expiresAt) > Date.now() ? saved : null;
  } catch {
    return null;
  }
}

export interface Session {
  login: Login | null;
  signIn(login: Login): void;
  /** With a reason when the hub refused the login, so the form can say why. */
  signOut(reason?: Refusal): void;
  /** The person signs out: the hub ends the login too. */
  leave(): void;
  /** The hub turned the login away from this screen; one still valid elsewhere is ended here. */
  refused(reason?: Refusal): void;
  ended: Refusal | null;
}

export function useSession(storageKey: string): Session {
  const [current, setCurrent] = useState(() => stored(storageKey));
  const [ended, setEnded] = useState<Refusal | null>(null);
  const signIn = useCallback((next: Login) => {
    sessionStorage.setItem(storageKey, JSON.stringify(next));
    setEnded(null);
    setCurrent(next);
  }, [storageKey]);
  const signOut = useCallback((reason?: Refusal) => {
    sessionStorage.removeItem(storageKey);
    setEnded(reason ?? null);
    setCurrent(null);
  }, [storageKey]);
  const leave = useCallback(() => {
    if (current) void logout(current.token).catch(() => undefined);
    signOut();
  }, [current, signOut]);
  const refused = useCallback((reason: Refusal = 'expired') => {
    if (reason === 'forbidden' && current) void logout(current.token).catch(() => undefined);
    signOut(reason);
  }, [current, signOut]);
  return { login: current, signIn, signOut, leave, refused, ended };
}
