/**
 * The signed-in staff member at this counter screen. The token lives in sessionStorage: it
 * survives a reload but not closing the tab, and no other site or tab can read it.
 */
import { useCallback, useState } from 'react';
import type { Login } from '../api/counter-api.ts';

const STORAGE_KEY = 'tp.counter.login';
/** The roles the hub lets work the queue (hub/api/routes/queue-staff.ts). */
export const COUNTER_ROLES = ['admin', 'floor', 'staff'];

function stored(): Login | null {
  try {
    const login = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Login | null;
    return login && Date.parse(login.expiresAt) > Date.now() ? login : null;
  } catch {
    return null;
  }
}

export function useStaffSession(): { login: Login | null; signIn(login: Login): void; signOut(reason?: 'expired'): void; ended: boolean } {
  const [login, setLogin] = useState(stored);
  const [ended, setEnded] = useState(false);
  const signIn = useCallback((next: Login) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setEnded(false);
    setLogin(next);
  }, []);
  const signOut = useCallback((reason?: 'expired') => {
    sessionStorage.removeItem(STORAGE_KEY);
    setEnded(reason === 'expired');
    setLogin(null);
  }, []);
  return { login, signIn, signOut, ended };
}
